import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { stripNonSpeech } from '../text/words';
import type { Transcriber, TranscriptSegment } from './transcriber';

/** Per-file ONNX weight precision, in transformers.js's naming (`fp32`, `fp16`, `q8`, `q4`...). */
export type WhisperDtype = string | Record<string, string>;

export interface WhisperLoadOptions {
  /** Model id (Hugging Face layout), resolved by transformers.js's `env` (local path or remote host). */
  modelId: string;
  /** transformers.js device: `webgpu`, `wasm` (browser) or `cpu` (Node, onnxruntime-node). */
  device: 'webgpu' | 'wasm' | 'cpu';
  dtype: WhisperDtype;
}

export interface WhisperTranscriber extends Transcriber {
  /**
   * Offline long-form transcription of audio of any length, the way transformers.js does it
   * without streaming: 30 s chunks with 5 s strides, merged on timestamps. The accuracy
   * reference streaming is measured against.
   */
  transcribeOffline(audio: Float32Array): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Loads a Whisper model with transformers.js's `automatic-speech-recognition` pipeline and
 * returns a {@link Transcriber}. Every decode generates at most {@link tokenBudget} tokens and asks for segment timestamps
 * (`return_timestamps: true`): the streaming engine trims its window at segment boundaries,
 * and without them Whisper may stop early on long audio.
 *
 * @throws Error from transformers.js when a model file is missing, fails to download, or
 *   ONNX Runtime cannot create a session for it.
 */
export async function loadWhisperTranscriber(options: WhisperLoadOptions): Promise<WhisperTranscriber> {
  const asr = (await pipeline('automatic-speech-recognition', options.modelId, {
    device: options.device,
    dtype: options.dtype as never,
  })) as AutomaticSpeechRecognitionPipeline;
  return {
    async transcribe(audio: Float32Array) {
      const started = performance.now();
      const maxNewTokens = tokenBudget(audio.length / 16000);
      const output = (await asr(audio, { return_timestamps: true, max_new_tokens: maxNewTokens })) as WhisperOutput;
      const segments = toSegments(output, audio.length / 16000);
      return {
        text: segments.map((s) => s.text).join(' '),
        segments,
        decodeMs: performance.now() - started,
      };
    },
    async transcribeOffline(audio: Float32Array) {
      const output = (await asr(audio, { return_timestamps: true, chunk_length_s: 30, stride_length_s: 5 })) as WhisperOutput;
      return toSegments(output, audio.length / 16000).map((s) => s.text).join(' ');
    },
    dispose: () => asr.dispose(),
  };
}

/** openai/whisper's default `sample_len`: half the 448-token text context. */
const MAX_NEW_TOKENS = 224;
/** Fixed allowance: the first timestamp pair, punctuation and a short word's pieces. */
const TOKEN_BUDGET_BASE = 16;
/**
 * Tokens allowed per second of audio: twice the fastest speech in `../shared/audio` (5.3 text
 * tokens/s, Harvard sentences) plus a timestamp pair a second.
 */
const TOKEN_BUDGET_PER_SECOND = 12;

/**
 * The most tokens a decode of `seconds` of audio may generate:
 * `min(224, ceil(16 + 12 × seconds))`, so 28 for 1 s, 88 for a 6 s window and 224 from 17 s on.
 * Real speech never comes near it; a hallucination loop (Whisper repeating a phrase until its
 * 448-token context is full, a known failure on short or noisy input) stops there instead of
 * holding the decoder, and every final behind it, for hundreds of decoder steps.
 */
export function tokenBudget(seconds: number): number {
  return Math.min(MAX_NEW_TOKENS, Math.ceil(TOKEN_BUDGET_BASE + TOKEN_BUDGET_PER_SECOND * seconds));
}

interface WhisperOutput {
  text: string;
  chunks?: { timestamp: [number, number | null]; text: string }[];
}

/** Whisper chunks → segments with non-speech annotations removed; an open end becomes the audio's end. */
function toSegments(output: WhisperOutput, durationSeconds: number): TranscriptSegment[] {
  const chunks = output.chunks ?? [{ timestamp: [0, durationSeconds], text: output.text }];
  return chunks
    .map(({ timestamp: [start, end], text }) => ({ start, end: end ?? durationSeconds, text: stripNonSpeech(text) }))
    .filter((segment) => segment.text.length > 0);
}
