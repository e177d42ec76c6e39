import type { CancelFlag } from './decode-cancellation';
import type { WhisperTask } from './decoder-prompt';

/** A stretch of a transcription with Whisper's segment timestamps, seconds from the audio's start. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

/**
 * What one decode says about itself besides its text: the inputs of the guards that decide
 * whether a hypothesis is speech (openai/whisper `transcribe`: no-speech probability, average
 * log-probability, compression ratio) and the cost counters the benchmark reports.
 */
export interface DecodeStats {
  /**
   * The generated tokens after the decoder prefix (timestamps included, end-of-text excluded),
   * in the model's vocabulary. A later decode of the same audio can take them as its draft.
   */
  tokens: number[];
  /**
   * Id of `<|0.00|>` in the model's vocabulary: tokens from it on are timestamps, `k` steps of
   * 0.02 s after the audio's start (so a later decode can move `tokens` to its own window).
   */
  timestampBegin: number;
  /** Natural-log probability of each of `tokens` under the processed (rule-applied) logits. */
  tokenLogprobs: number[];
  /**
   * Sum of the log-probabilities of the generated tokens and the end-of-text token, divided
   * by `tokens.length + 1` (openai/whisper `DecodingTask.run`). 0 when nothing was generated.
   */
  avgLogprob: number;
  /**
   * Softmax probability of `<|nospeech|>` (`<|nocaptions|>` in older vocabularies) at the
   * start-of-transcript position, over the raw logits (openai/whisper `DecodingTask.run`), 0..1.
   */
  noSpeechProb: number;
  /** Decoder forward passes this decode ran (a pass may feed many tokens). */
  decoderPasses: number;
  /** Tokens in the draft this decode was given (0 without a draft). */
  draftTokens: number;
  /** Draft tokens accepted: the longest prefix of the draft that greedy decoding reproduces. */
  draftAccepted: number;
  /** Wall time of the encoder pass (log-mel features included), ms. */
  encoderMs: number;
  /** Wall time of all decoder passes, ms. */
  decoderMs: number;
  /**
   * When each decoder pass ended, ms since the decode started (log-mel features and encoder
   * included): with `encoderMs`, the points at which a cancelled decode would have stopped.
   */
  passEndsMs: number[];
}

export interface Transcription extends DecodeStats {
  /** Whole text, non-speech annotations removed. */
  text: string;
  /** Whisper's timestamped segments, in order; their texts concatenate to `text`. */
  segments: TranscriptSegment[];
  /** Wall time of the decode, ms. */
  decodeMs: number;
  /**
   * Set when a hallucination guard dropped the hypothesis (`asr/hallucination-guards.ts`): the
   * reason, e.g. `no-speech` or `compression-ratio`; `text` and `segments` are then empty.
   */
  dropped?: string;
  /** Multilingual models: the Whisper language code this decode ran in (given or detected). */
  language?: string;
  /**
   * Set when the language was detected (`DecodeOptions.language` absent): this audio's
   * probability of `language`, 0..1 (`language-detection.ts`).
   */
  languageProbability?: number;
}

/** Options of one decode. */
export interface DecodeOptions {
  /**
   * Tokens this decode probably produces (a previous hypothesis of the same audio, its
   * timestamps relative to this audio's start). Verified in one decoder pass: output is
   * identical to decoding without it; only the number of decoder passes changes.
   */
  draft?: readonly number[];
  /**
   * Multilingual models: the language to decode in (a Whisper code, e.g. `de`). Absent: it is
   * detected on this audio (one decoder pass at the start-of-transcript position) and chosen
   * with `heldLanguage` (`chooseLanguage`). English-only models ignore it.
   */
  language?: string;
  /** With a detected language: the session's language so far (the last confident detection); null or absent: none. */
  heldLanguage?: string | null;
  /** `translate` writes English (multilingual models that translate); default `transcribe`. */
  task?: WhisperTask;
  /**
   * Whisper's previous-text prompt (`decoder-prompt.ts` `promptTokens`): `vocabulary` (names
   * and terms) ahead of `context` (the carried finals' text). Absent or blank: none.
   */
  prompt?: { vocabulary?: string; context?: string };
  /**
   * Set (`cancelDecode`) when the result is no longer wanted: the decode then stops before its
   * next decoder pass and rejects with `DecodeCancelledError` (`decode-cancellation.ts`).
   */
  cancel?: CancelFlag;
}

/**
 * Speech recognizer used by the streaming engine: one call decodes one stretch of
 * 16 kHz mono Float32 audio (at most 30 s, Whisper's context). Implementations must not
 * be called concurrently; the engine never does. A transcriber may take ownership of
 * `audio` (transfer its buffer to another thread): callers pass audio they do not reuse.
 */
export interface Transcriber {
  transcribe(audio: Float32Array, options?: DecodeOptions): Promise<Transcription>;
}
