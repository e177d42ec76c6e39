import { describe, expect, it } from 'vitest';
import { droppedUtterances, hallucinatedWordsPerMinute } from '../../../src/evaluation/hallucination-metrics';
import { scoreFile, summarize, type FileRun } from '../../../src/evaluation/streaming-metrics';
import type { FinalEvent } from '../../../src/inference-worker/protocol';
import type { TimedEvent } from '../../../src/simulation/realtime-simulation';

const final = (atMs: number, utteranceId: number, text: string, start: number, end: number, dropped?: string): TimedEvent => ({
  atMs,
  event: { type: 'final', utteranceId, text, start, end, decodeMs: 0, ...(dropped ? { dropped } : {}) } satisfies FinalEvent,
});

const run = (overrides: Partial<FileRun>): FileRun => ({
  file: 'f.wav',
  reference: 'hello world',
  audioSeconds: 6,
  regions: [{ start: 1, end: 3 }],
  events: [],
  decodes: 1,
  computeMs: 100,
  peakRssBytes: 0,
  offlineText: null,
  baselineText: null,
  ...overrides,
});

describe('droppedUtterances', () => {
  it('lists finals without text, with the reference speech they covered and the reason', () => {
    const events = [final(2000, 1, 'hello', 0.8, 1.9), final(3500, 2, '', 2.5, 3.4, 'no-speech'), final(5500, 3, ' ', 4, 5)];
    expect(droppedUtterances(events, [{ start: 1, end: 3 }], 'hello world')).toEqual([
      { start: 2.5, end: 3.4, reason: 'no-speech', speechSeconds: 0.5, reference: 'hello world' },
      { start: 4, end: 5, reason: null, speechSeconds: 0, reference: '' },
    ]);
  });
});

describe('hallucinated words per minute of non-speech', () => {
  it('divides by the non-speech minutes and is null without non-speech', () => {
    expect(hallucinatedWordsPerMinute(3, 90)).toBe(2);
    expect(hallucinatedWordsPerMinute(0, 0)).toBeNull();
  });

  it('is summarized over the files with an empty reference only; drops over speech are counted apart', () => {
    const speech = scoreFile(run({ events: [final(2000, 1, 'hello', 0.8, 1.9), final(3500, 2, '', 2.5, 3.4)] }));
    const noise = scoreFile(run({ reference: '', audioSeconds: 30, regions: [], events: [final(500, 1, 'Thank you.', 0, 0.4), final(900, 2, '', 0.5, 0.8)] }));
    expect(noise).toMatchObject({ nonSpeechSeconds: 30, hallucinatedWords: 2 });
    expect(speech.nonSpeechSeconds).toBe(0);
    expect(summarize([speech, noise])).toMatchObject({ hallucinated_words_per_minute: 4, dropped_utterances: 2, dropped_speech_utterances: 1 });
  });
});
