import { beforeAll, describe, expect, it } from 'vitest';
import { loadAudio16k } from '../../../src/audio-file/read-wav-file';
import { formatTimestamp, toSrt } from '../../../src/app/export/formats';
import type { AppAction } from '../../../src/app/state/actions';
import { INITIAL_TRANSCRIPT, newTranscript, toDocument, transcriptReducer, transcriptText, type TranscriptState } from '../../../src/app/state/transcript';
import type { FinalEvent } from '../../../src/inference-worker/protocol';
import { loadNodeVad, loadNodeWhisper } from '../../../src/node/node-recognizer';
import { simulateRealtime, type SimulationResult } from '../../../src/simulation/realtime-simulation';
import { wordErrorRate } from '../../../src/evaluation/wer';
import { readManifest, sharedAudio } from '../../support/shared-data';

/** Wall-clock start of the capture sessions here, ms since the Unix epoch. */
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

const reduce = (actions: AppAction[], from: TranscriptState = { ...INITIAL_TRANSCRIPT, ...newTranscript(T0 - 5000) }) => actions.reduce(transcriptReducer, from);
const capture = (at: number): AppAction => ({ type: 'capture', capturing: true, at });
const partial = (utteranceId: number, stable: string, unstable: string, audioTime: number): AppAction => ({ type: 'partial', utteranceId, stable, unstable, audioTime, decodeMs: 100 });
const final = (utteranceId: number, text: string, start: number, end: number): AppAction => ({ type: 'final', utteranceId, text, start, end, decodeMs: 200 });

/** One sentence without pauses, long enough for partials before its final. */
const CLIP = 'dev/LJ050-0131.wav';

describe(`the transcript of a real dictation (${CLIP} through Silero VAD and whisper-tiny.en)`, () => {
  let result: SimulationResult;
  beforeAll(async () => {
    const [vad, transcriber] = await Promise.all([loadNodeVad(), loadNodeWhisper()]);
    result = await simulateRealtime(await loadAudio16k(sharedAudio(CLIP)), { vad, transcriber });
  });

  it('keeps each final with its audio start and end and its wall-clock start; SRT cues follow them', () => {
    const events = result.events.map((timed) => timed.event);
    const finals = events.filter((event): event is FinalEvent => event.type === 'final' && event.text.trim() !== '');
    expect(finals.length).toBeGreaterThan(0);
    const state = reduce([capture(T0), ...events, { type: 'state', state: 'ready' }]);
    expect(state.partial).toBeNull();
    expect(state.lines.map(({ text, start, end, startedAt, decodeMs }) => ({ text, start, end, startedAt, decodeMs }))).toEqual(
      finals.map((f) => ({ text: f.text.trim(), start: f.start, end: f.end, startedAt: T0 + f.start * 1000, decodeMs: f.decodeMs })),
    );
    const reference = readManifest('dev.tsv').find((entry) => entry.path === sharedAudio(CLIP))!.reference;
    expect(wordErrorRate(reference, transcriptText(state)).wer).toBeLessThanOrEqual(0.25);

    const srt = toSrt(state).split('\n\n').filter((cue) => cue !== '');
    expect(srt).toHaveLength(finals.length);
    srt.forEach((cue, index) => {
      const f = finals[index]!;
      const offset = f.start - finals[0]!.start;
      expect(cue).toBe(`${index + 1}\n${formatTimestamp(offset, ',')} --> ${formatTimestamp(offset + f.end - f.start, ',')}\n${f.text.trim()}`);
    });
  });

  it('a reload in the middle of an utterance keeps its words, and the next session goes on after them', () => {
    const events = result.events.map((timed) => timed.event);
    const lastFinal = events.findLastIndex((event) => event.type === 'final' && event.text.trim() !== '');
    const last = events[lastFinal] as FinalEvent;
    // The page goes away while the last utterance is still open: its final never comes.
    const beforeReload = reduce([capture(T0), ...events.slice(0, lastFinal), partial(last.utteranceId, last.text, '', last.end)]);
    const open = beforeReload.partial!;
    expect(open).not.toBeNull();
    // What the history store keeps, read back after the reload.
    const stored = JSON.parse(JSON.stringify(toDocument(beforeReload)));
    const restored = reduce([{ type: 'open', transcript: stored }], INITIAL_TRANSCRIPT);
    expect(restored.partial).toBeNull();
    const kept = restored.lines[restored.lines.length - 1]!;
    expect(kept).toMatchObject({ fromPartial: true, session: 1, startedAt: T0 + kept.start * 1000 });
    expect(kept.text).toBe([open.stable, open.unstable].filter((part) => part !== '').join(' '));
    expect(kept.end).toBe(open.audioTime);

    const after = reduce([capture(T0 + 60_000), ...events, { type: 'state', state: 'ready' }], restored);
    expect(after.session).toBe(2);
    expect(after.lines.slice(0, restored.lines.length)).toEqual(restored.lines);
    expect(after.lines.slice(restored.lines.length).every((line) => line.session === 2 && line.startedAt >= T0 + 60_000)).toBe(true);
  });
});

describe('editing', () => {
  it('an edited line keeps its text when its final lands later, and Copy text has the edit', () => {
    const kept = reduce([capture(T0), final(0, ' Hello world.', 0.3, 1.8), partial(1, 'how are', 'you', 3.1), { type: 'state', state: 'ready' }]);
    expect(kept.lines[1]).toMatchObject({ text: 'how are you', fromPartial: true, start: 1.8, end: 3.1 });
    const edited = transcriptReducer(kept, { type: 'edit', line: { session: 1, utteranceId: 1 }, text: 'How are you, Ann?' });
    const later = transcriptReducer(edited, final(1, 'How are you?', 2.2, 3.4));
    expect(later.lines[1]).toMatchObject({ text: 'How are you, Ann?', edited: true, start: 2.2, end: 3.4, decodeMs: 200 });
    expect(later.lines[1]!.fromPartial).toBeUndefined();
    expect(transcriptText(later)).toBe('Hello world.\nHow are you, Ann?');
    // a line edited down to nothing leaves no empty line in the text
    expect(transcriptText(transcriptReducer(later, { type: 'edit', line: { session: 1, utteranceId: 0 }, text: ' ' }))).toBe('How are you, Ann?');
  });

  it('final events\' extra fields (a later engine\'s language) pass through to the line', () => {
    const state = reduce([capture(T0), { ...final(0, 'Bonjour.', 0, 1), language: 'fr' } as unknown as AppAction]);
    expect(state.lines[0]).toMatchObject({ text: 'Bonjour.', language: 'fr' });
  });
});

describe('dropped finals', () => {
  it('a final whose text a guard dropped stays as an empty line with its reason; text and exports skip it', () => {
    const state = reduce([capture(T0), final(0, 'Kept.', 0, 1), { ...final(1, '', 1.5, 2), dropped: 'no-speech' } as AppAction, final(2, '', 3, 3.5)]);
    expect(state.lines.map((line) => [line.text, line.dropped])).toEqual([
      ['Kept.', undefined],
      ['', 'no-speech'],
    ]);
    expect(transcriptText(state)).toBe('Kept.');
    expect(toSrt(state)).toBe('1\n00:00:00,000 --> 00:00:01,000\nKept.\n\n');
  });
});
