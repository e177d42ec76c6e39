/** A stretch of a transcription with Whisper's segment timestamps, seconds from the audio's start. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface Transcription {
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
}

/**
 * Speech recognizer used by the streaming engine: one call decodes one stretch of
 * 16 kHz mono Float32 audio (at most 30 s, Whisper's context). Implementations must not
 * be called concurrently; the engine never does.
 */
export interface Transcriber {
  transcribe(audio: Float32Array): Promise<Transcription>;
}
