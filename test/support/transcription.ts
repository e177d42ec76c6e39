import type { Transcription } from '../../src/inference-worker/asr/transcriber';

/**
 * A {@link Transcription} for test doubles of a transcriber (scripted faults, simulated
 * costs): `text` as one segment over `seconds`, and neutral decode statistics (no tokens,
 * confident, speech), with `overrides` applied last.
 */
export function scriptedTranscription(text: string, seconds: number, overrides: Partial<Transcription> = {}): Transcription {
  return {
    text,
    segments: text ? [{ start: 0, end: seconds, text }] : [],
    decodeMs: 0,
    tokens: [],
    timestampBegin: 50363,
    tokenLogprobs: [],
    avgLogprob: 0,
    noSpeechProb: 0,
    decoderPasses: 0,
    draftTokens: 0,
    draftAccepted: 0,
    encoderMs: 0,
    decoderMs: 0,
    passEndsMs: [],
    ...overrides,
  };
}
