import { DEFAULT_DECODING_SETTINGS, type DecodingSettings } from '../asr/decoding-settings';

/**
 * Streaming-decode and VAD settings. Defaults follow the server design (6 s sliding window,
 * partials every 500 ms) and RealtimeSTT (300 ms pre-speech pad, 600 ms post-speech silence,
 * 250 ms minimum speech); the Silero thresholds are those of `@ricky0123/vad-web`
 * (positive 0.5, negative 0.35, i.e. 0.15 below as the Silero authors recommend).
 */
export interface VadSettings {
  /** Frame speech probability at or above which speech starts, 0..1. */
  positiveSpeechThreshold: number;
  /** Frame speech probability below which a frame counts as silence, 0..1. */
  negativeSpeechThreshold: number;
  /** Audio kept before the first speech frame, ms. */
  preSpeechPadMs: number;
  /** Silence (hangover) after which the utterance ends, ms. */
  redemptionMs: number;
  /** Utterances with less speech than this are discarded (VAD misfire), ms. */
  minSpeechMs: number;
}

export interface StreamingSettings {
  /** Language, task, carried context and custom vocabulary of every decode (`carried-context.ts`). */
  decoding: DecodingSettings;
  /** Period of partial decodes while an utterance is open, ms. */
  partialIntervalMs: number;
  /** Length of the sliding window a partial decodes, seconds. */
  windowSeconds: number;
  /**
   * No partial starts once this much silence (frames below the negative threshold) has
   * followed the utterance's last voiced frame, ms: the utterance is probably ending, and a
   * partial started now would make its final wait. Speech resuming lifts it at once.
   */
  partialSilenceCutoffMs: number;
  /** Nothing shorter than this is decoded, seconds. */
  minDecodeSeconds: number;
  /** Utterances are split (at the quietest point) before they reach this length, seconds. Whisper's context is 30 s. */
  maxUtteranceSeconds: number;
  /**
   * Most audio the closed utterances waiting for their final decode may hold, seconds (the
   * in-flight one not counted; 4 bytes a sample). It bounds memory when decoding is slower
   * than real time: an utterance that would exceed it gets no decode, and an error event
   * names its time span.
   */
  maxQueuedSeconds: number;
  /**
   * Give each decode a draft, the utterance's previous hypothesis moved to the decode's
   * window, verified in one decoder pass (`asr/whisper-decoder.ts`): the same output in fewer
   * decoder passes.
   */
  draftVerification: boolean;
  vad: VadSettings;
}

export const DEFAULT_SETTINGS: StreamingSettings = {
  decoding: DEFAULT_DECODING_SETTINGS,
  partialIntervalMs: 500,
  windowSeconds: 6,
  partialSilenceCutoffMs: 200,
  minDecodeSeconds: 0.4,
  maxUtteranceSeconds: 30,
  maxQueuedSeconds: 300,
  draftVerification: true,
  vad: {
    positiveSpeechThreshold: 0.5,
    negativeSpeechThreshold: 0.35,
    preSpeechPadMs: 300,
    redemptionMs: 600,
    minSpeechMs: 250,
  },
};

/** Merges a partial update into settings (the `vad` and `decoding` objects merged field by field). */
export function mergeSettings(base: StreamingSettings, update: Partial<StreamingSettings>): StreamingSettings {
  return { ...base, ...update, vad: { ...base.vad, ...(update.vad ?? {}) }, decoding: { ...base.decoding, ...(update.decoding ?? {}) } };
}
