import { describe, expect, it } from 'vitest';
import { lineLabels } from '../../../src/app/format/line-labels';
import { INITIAL_TRANSCRIPT, newTranscript, transcriptReducer, transcriptText } from '../../../src/app/state/transcript';
import type { AppAction } from '../../../src/app/state/actions';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

/** The lines a capture session with these finals leaves (through the app's transcript reducer). */
function linesOf(finals: Omit<Extract<AppAction, { type: 'final' }>, 'type' | 'decodeMs'>[]) {
  const actions: AppAction[] = [{ type: 'capture', capturing: true, at: T0 }, ...finals.map((f) => ({ type: 'final' as const, decodeMs: 100, ...f }))];
  return actions.reduce(transcriptReducer, { ...INITIAL_TRANSCRIPT, ...newTranscript(T0) });
}

describe('lineLabels (a final line\'s marks: language, dropped text, fallback decoder)', () => {
  it('tags each line of a multilingual session with the language it was decoded in, outside its text', () => {
    const state = linesOf([
      { utteranceId: 1, text: 'Guten Morgen.', start: 0.5, end: 1.8, language: 'de' },
      { utteranceId: 2, text: 'Good morning.', start: 2.5, end: 3.6, language: 'en' },
    ]);
    const [german, english] = state.lines.map((line, i) => lineLabels(line, i + 1, 'en'));
    expect(german.language).toBe('de');
    expect(german.title).toContain('in German');
    expect(german.ariaLabel).toBe('Line 1, 0:00.5–0:01.8, German');
    expect(english.language).toBe('en');
    expect(english.ariaLabel).toContain('English');
    // The tag is not part of what is copied.
    expect(transcriptText(state)).toBe('Guten Morgen.\nGood morning.');
  });

  it('names the language in the reader\'s locale', () => {
    const [line] = linesOf([{ utteranceId: 1, text: 'Bonjour.', start: 0, end: 1, language: 'fr' }]).lines;
    expect(lineLabels(line, 1, 'de').title).toContain('in Französisch');
  });

  it('gives English-only lines no tag, and a dropped line its marker and reason', () => {
    const state = linesOf([
      { utteranceId: 1, text: 'Hello.', start: 0, end: 1 },
      { utteranceId: 2, text: '', start: 2, end: 3, dropped: 'no-speech' },
    ]);
    const [plain, dropped] = state.lines.map((line, i) => lineLabels(line, i + 1, 'en'));
    expect(plain.language).toBeUndefined();
    expect(plain.dropped).toBeUndefined();
    expect(dropped.dropped).toBe('no text kept (no-speech)');
    expect(dropped.ariaLabel).toBe('Line 2, 0:02.0–0:03.0, text dropped (no-speech)');
  });
});
