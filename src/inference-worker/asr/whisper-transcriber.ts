import { pipeline, type AutomaticSpeechRecognitionPipeline, type Tensor } from '@huggingface/transformers';
import { SAMPLE_RATE } from '../vad/speech-segmenter';
import { throwIfCancelled } from './decode-cancellation';
import { stripNonSpeech } from '../text/words';
import { decoderPrefix, promptTokens } from './decoder-prompt';
import { chooseLanguage, languageProbabilities, startOfTranscriptLogits } from './language-detection';
import type { DecodeOptions, Transcriber, Transcription, TranscriptSegment } from './transcriber';
import { encode, greedyDecode, type WhisperModelParts } from './whisper-decoder';
import { whisperVocabulary, type WhisperVocabulary } from './whisper-vocabulary';

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
  /** The model's special tokens. */
  readonly vocabulary: WhisperVocabulary;
  /**
   * Offline long-form transcription of audio of any length, the way transformers.js does it
   * without streaming (its pipeline: 30 s chunks with 5 s strides, merged on timestamps). The
   * accuracy reference streaming is measured against; not used by the product.
   */
  transcribeOffline(audio: Float32Array): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Loads a Whisper model with transformers.js (its `automatic-speech-recognition` pipeline
 * loads the model, tokenizer and log-mel feature extractor) and returns a {@link Transcriber}
 * whose every decode runs Sotto's own loop (`whisper-decoder.ts`): log-mel features, one
 * encoder pass, greedy decoding with segment timestamps and draft verification, at most
 * {@link tokenBudget} tokens. Timestamps are always on: the streaming engine trims its window
 * at segment boundaries, and without them Whisper may stop early on long audio.
 *
 * A decode whose `DecodeOptions.cancel` is set stops before its encoder pass or its next
 * decoder pass and rejects with `DecodeCancelledError`.
 *
 * @throws Error from transformers.js when a model file is missing, fails to download, or
 *   ONNX Runtime cannot create a session for it.
 */
export async function loadWhisperTranscriber(options: WhisperLoadOptions): Promise<WhisperTranscriber> {
  const asr = (await pipeline('automatic-speech-recognition', options.modelId, {
    device: options.device,
    dtype: options.dtype as never,
  })) as AutomaticSpeechRecognitionPipeline;
  const model = asr.model as unknown as WhisperModelParts & { config: { max_source_positions: number } };
  const tokenizer = asr.tokenizer as unknown as WhisperTokenizerParts;
  const featureExtractor = (asr.processor as unknown as { feature_extractor: { config: { chunk_length: number } } }).feature_extractor;
  const vocabulary = whisperVocabulary((token) => tokenizer.convert_tokens_to_ids(token), model.generation_config as never);
  const encodeText = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  /** Seconds per timestamp step: 30 s over the encoder's 1500 positions = 0.02 s. */
  const timePrecision = featureExtractor.config.chunk_length / model.config.max_source_positions;

  return {
    vocabulary,
    async transcribe(audio: Float32Array, decodeOptions: DecodeOptions = {}): Promise<Transcription> {
      const started = performance.now();
      const seconds = audio.length / SAMPLE_RATE;
      const { input_features } = (await asr.processor(audio)) as { input_features: Tensor };
      throwIfCancelled(decodeOptions.cancel);
      const encoderOutputs = await encode(model, input_features);
      const encoderMs = performance.now() - started;
      let decoded;
      let language: { code: string; probability?: number } | undefined;
      let prefix: number[];
      try {
        if (vocabulary.multilingual) {
          language = decodeOptions.language
            ? { code: decodeOptions.language }
            : chooseLanguage(languageProbabilities(await startOfTranscriptLogits(model, encoderOutputs, vocabulary), vocabulary), decodeOptions.heldLanguage ?? null);
        }
        const prompt = decodeOptions.prompt ? promptTokens(encodeText, decodeOptions.prompt) : [];
        prefix = decoderPrefix(vocabulary, { language: language?.code, task: decodeOptions.task, promptTokens: prompt });
        decoded = await greedyDecode(model, encoderOutputs, {
          prefix,
          sotIndex: prefix.indexOf(vocabulary.startOfTranscript),
          noSpeechToken: vocabulary.noSpeech,
          maxNewTokens: tokenBudget(seconds),
          draft: decodeOptions.draft,
          cancel: decodeOptions.cancel,
          startedAtMs: started,
        });
      } finally {
        if (encoderOutputs.location === 'gpu-buffer') encoderOutputs.dispose();
      }
      // From <|startoftranscript|> on: _decode_asr would take a prompt's tokens for text.
      const transcript = [...prefix.slice(prefix.indexOf(vocabulary.startOfTranscript)), ...decoded.tokens];
      const [, { chunks }] = tokenizer._decode_asr([{ tokens: transcript.map(BigInt), stride: [seconds, 0, 0] }], {
        time_precision: timePrecision,
        return_timestamps: true,
        force_full_sequences: false,
      });
      const segments = toSegments(chunks, seconds);
      return {
        ...decoded,
        timestampBegin: vocabulary.timestampBegin,
        text: segments.map((s) => s.text).join(' '),
        segments,
        encoderMs,
        decodeMs: performance.now() - started,
        ...(language && { language: language.code }),
        ...(language?.probability !== undefined && { languageProbability: language.probability }),
      };
    },
    async transcribeOffline(audio: Float32Array) {
      const output = (await asr(audio, { return_timestamps: true, chunk_length_s: 30, stride_length_s: 5 })) as {
        chunks?: WhisperChunk[];
        text: string;
      };
      return toSegments(output.chunks ?? [{ timestamp: [0, null], text: output.text }], audio.length / SAMPLE_RATE)
        .map((s) => s.text)
        .join(' ');
    },
    dispose: () => asr.dispose(),
  };
}

/** The parts of transformers.js's `WhisperTokenizer` used here. */
interface WhisperTokenizerParts {
  convert_tokens_to_ids(token: string): number | null;
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  /** Turns generated tokens into text and timestamped chunks (the ASR pipeline's own post-processing). */
  _decode_asr(
    sequences: { tokens: bigint[]; stride: [number, number, number] }[],
    options: { time_precision: number; return_timestamps: boolean; force_full_sequences: boolean },
  ): [string, { chunks: WhisperChunk[] }];
}

interface WhisperChunk {
  timestamp: [number, number | null];
  text: string;
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

/** Whisper chunks → segments with non-speech annotations removed; an open end becomes the audio's end. */
function toSegments(chunks: readonly WhisperChunk[], durationSeconds: number): TranscriptSegment[] {
  return chunks
    .map(({ timestamp: [start, end], text }) => ({ start, end: end ?? durationSeconds, text: stripNonSpeech(text) }))
    .filter((segment) => segment.text.length > 0);
}
