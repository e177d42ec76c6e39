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
  /**
   * Whether partial hypotheses are decoded while an utterance is open. Off, each utterance
   * costs one decode, its final: for devices where one decode takes longer than an utterance
   * lasts (WebGPU on a software adapter, say), and for tests that count decodes.
   */
  partials: boolean;
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
  /**
   * Start the final decode before the redemption ends: once `earlyFinalSilenceMs` of silence
   * (and the post-speech pad, which the final's audio ends with) followed the last speech
   * frame, the utterance's audio up to its would-be end is decoded. When the redemption then
   * ends with that same end, the result is the final, at once; when speech resumed first, the
   * result is dropped (a wasted decode) and the utterance goes on. What a final says never
   * depends on it: its audio is exactly the one the redemption gives.
   */
  earlyFinal: boolean;
  /** Silence after the last speech frame after which the early final starts, ms; never before the post-speech pad has arrived. */
  earlyFinalSilenceMs: number;
  /**
   * Cancel a running decode whose result is no longer wanted, before its next decoder pass
   * (`asr/decode-cancellation.ts`): a partial once its utterance has closed and the final
   * waits, and an early final once speech resumed. The final then starts without waiting for
   * the partial's remaining passes. The encoder pass itself cannot be interrupted. A partial
   * is not cancelled for an early final: measured in Chromium, that left utterances with no
   * partial at all, and speech may still resume (`docs/benchmarks.md`). Off by default: on a
   * slow machine it cancels the first partial of short utterances, so nothing shows before
   * their final (measured in Chromium and seen in the e2e tests).
   */
  preemptDecodes: boolean;
  vad: VadSettings;
}

export const DEFAULT_SETTINGS: StreamingSettings = {
  decoding: DEFAULT_DECODING_SETTINGS,
  partials: true,
  partialIntervalMs: 500,
  windowSeconds: 6,
  partialSilenceCutoffMs: 200,
  minDecodeSeconds: 0.4,
  maxUtteranceSeconds: 30,
  maxQueuedSeconds: 300,
  draftVerification: true,
  earlyFinal: true,
  earlyFinalSilenceMs: 300,
  preemptDecodes: false,
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
