import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newTranscript, type TranscriptDocument } from '../../../src/app/state/transcript';
import { openHistoryStore, storedBytes, type HistoryStore } from '../../../src/app/transcript-store/history-store';
import { createPersister, PARTIAL_SAVE_INTERVAL_MS } from '../../../src/app/transcript-store/persister';
import { matchesQuery, summarize } from '../../../src/app/transcript-store/summary';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

function withLines(document: TranscriptDocument, texts: string[]): TranscriptDocument {
  return {
    ...document,
    session: 1,
    lines: texts.map((text, index) => ({ session: 1, utteranceId: index, text, start: index * 3, end: index * 3 + 2, startedAt: T0 + index * 3000 })),
  };
}

let dbCount = 0;
const freshStore = () => openHistoryStore(`history-test-${++dbCount}`);

afterEach(() => {
  vi.useRealTimers();
});

describe('history store', () => {
  it('keeps whole transcripts, lists the most recently opened first, deletes', async () => {
    const store = freshStore();
    const older = withLines({ ...newTranscript(T0), openedAt: T0 }, ['One.']);
    const newer = withLines({ ...newTranscript(T0 + 1), openedAt: T0 + 5000 }, ['Two.', 'Three.']);
    await store.save(older);
    await store.save(newer);
    expect((await store.list()).map((d) => d.id)).toEqual([newer.id, older.id]);
    expect(await store.load(newer.id)).toEqual(newer);
    await store.remove(newer.id);
    expect((await store.list()).map((d) => d.id)).toEqual([older.id]);
    expect(storedBytes(older)).toBe(new TextEncoder().encode(JSON.stringify(older)).length);
  });

  it('is not the model store: another database name', async () => {
    const history = freshStore();
    await history.save(withLines(newTranscript(T0), ['Kept.']));
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain('sotto-models');
  });
});

describe('persister', () => {
  it('writes finals at once, a changed partial within a second, and a replaced transcript before the next', async () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const store: HistoryStore = { ...freshStore(), save: async (d) => void saved.push(`${d.id}:${d.lines.length}:${d.partial?.stable ?? ''}`) };
    const persister = createPersister(store, () => {}, () => {});
    const a = withLines(newTranscript(T0), ['One.']);
    persister.save(a, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([`${a.id}:1:`]);

    const partial = { session: 1, utteranceId: 1, stable: 'two', unstable: '', start: 2, audioTime: 3, startedAt: T0 + 2000 };
    persister.save({ ...a, partial }, false);
    persister.save({ ...a, partial: { ...partial, stable: 'two three' } }, false);
    await vi.advanceTimersByTimeAsync(PARTIAL_SAVE_INTERVAL_MS - 1);
    expect(saved).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([`${a.id}:1:`, `${a.id}:1:two three`]); // only the latest partial

    persister.save({ ...a, partial: { ...partial, stable: 'two three four' } }, false);
    const b = newTranscript(T0 + 10);
    persister.save(b, true);
    await persister.flush();
    expect(saved.slice(2)).toEqual([`${a.id}:1:two three four`, `${b.id}:0:`]);
  });

  it('a refused write (quota) gives a message and the next change tries again', async () => {
    const errors: string[] = [];
    let full = true;
    const real = freshStore();
    const store: HistoryStore = {
      ...real,
      save: (d) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : real.save(d)),
    };
    let saves = 0;
    const persister = createPersister(store, (message) => errors.push(message), () => saves++);
    const a = withLines(newTranscript(T0), ['Words that must not be lost.']);
    persister.save(a, true);
    await persister.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not being saved: the browser refused to store more \(storage full\)\. It stays on screen: copy or download it/);
    full = false;
    persister.save(withLines(a, ['Words that must not be lost.', 'More.']), true);
    await persister.flush();
    expect(saves).toBe(1);
    expect((await real.load(a.id))?.lines.map((l) => l.text)).toEqual(['Words that must not be lost.', 'More.']);
  });
});

describe('history rows', () => {
  it('summarize: start, duration from first start to last end, words, first words', () => {
    const d = withLines(newTranscript(T0 - 60_000), ['And so, my fellow Americans, ask not', 'what your country can do for you, ask what you can do']);
    expect(summarize(d)).toEqual({
      id: d.id,
      title: null,
      startedAt: T0,
      durationSeconds: 5,
      words: 19,
      firstWords: 'And so, my fellow Americans, ask not what your country can do …',
    });
    const empty = newTranscript(T0);
    expect(summarize(empty)).toMatchObject({ startedAt: T0, durationSeconds: 0, words: 0, firstWords: '' });
  });

  it('search: every term, in the title or the text, ignoring case and accents', () => {
    const d = { ...withLines(newTranscript(T0), ['Le café est fermé.', 'Call Ann tomorrow.']), title: 'Notes for Zoë' };
    expect(matchesQuery(d, 'cafe ANN')).toBe(true);
    expect(matchesQuery(d, 'zoe')).toBe(true);
    expect(matchesQuery(d, '')).toBe(true);
    expect(matchesQuery(d, 'cafe bob')).toBe(false);
  });
});
