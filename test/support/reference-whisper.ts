import { pipeline, type AutomaticSpeechRecognitionPipeline, type Tensor } from '@huggingface/transformers';
import { tokenBudget } from '../../src/inference-worker/asr/whisper-transcriber';
import { SAMPLE_RATE } from '../../src/inference-worker/vad/speech-segmenter';

/**
 * transformers.js's own ASR pipeline on whisper-tiny.en (fp32, CPU), the reference Sotto's
 * decoder is checked against. Call after `loadNodeWhisper()`, which points transformers.js at
 * `../shared/models`.
 */
export async function loadReferenceWhisper(): Promise<AutomaticSpeechRecognitionPipeline> {
  return (await pipeline('automatic-speech-recognition', 'whisper-tiny.en', { device: 'cpu', dtype: 'fp32' })) as AutomaticSpeechRecognitionPipeline;
}

/**
 * transformers.js `generate()`'s greedy tokens for 16 kHz `audio` (timestamps on, the app's
 * `tokenBudget`), after the decoder prefix, with end-of-text dropped.
 * @param prefix the decoder prefix to force (`decoder_input_ids`); default: the model's own
 *   (one `<|startoftranscript|>` for English-only models)
 */
export async function generateTokens(reference: AutomaticSpeechRecognitionPipeline, audio: Float32Array, endOfText: number, prefix?: number[]): Promise<number[]> {
  const { input_features } = (await reference.processor(audio)) as { input_features: Tensor };
  const sequences = (await reference.model.generate({
    inputs: input_features,
    ...(prefix && { decoder_input_ids: prefix }),
    return_timestamps: true,
    max_new_tokens: tokenBudget(audio.length / SAMPLE_RATE),
  } as never)) as Tensor;
  return (sequences.tolist()[0] as bigint[]).map(Number).slice(prefix?.length ?? 1).filter((t) => t !== endOfText);
}
