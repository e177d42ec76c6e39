import { Tensor } from '@huggingface/transformers';
import type { WhisperModelParts } from './whisper-decoder';
import type { WhisperVocabulary } from './whisper-vocabulary';

/** A language and the probability Whisper gives it for one stretch of audio. */
export interface LanguageProbability {
  /** Whisper language code (`en`, `de`, `yue`...). */
  code: string;
  /** 0..1; the probabilities of all the model's languages sum to 1. */
  probability: number;
}

/**
 * Language identification as openai/whisper `detect_language` does it: the decoder's logits
 * at the `<|startoftranscript|>` position (prefix `[<|startoftranscript|>]`, one pass on audio
 * the encoder has already seen), every non-language token masked out, softmax over the rest.
 * @param logits raw logits over the whole vocabulary at that position (length = vocabulary size)
 * @returns every language of the model, most probable first
 * @throws Error for an English-only model, or logits shorter than the vocabulary's language tokens
 */
export function languageProbabilities(logits: ArrayLike<number>, vocabulary: WhisperVocabulary): LanguageProbability[] {
  const { languages } = vocabulary;
  if (languages.length === 0) throw new Error('An English-only Whisper model has no language tokens to detect with.');
  const last = languages[languages.length - 1].token;
  if (logits.length <= last) throw new Error(`Language detection needs logits over the whole vocabulary; got ${logits.length}, the last language token is ${last}.`);
  let max = -Infinity;
  for (const { token } of languages) max = Math.max(max, logits[token]);
  const weights = languages.map(({ token }) => Math.exp(logits[token] - max));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return languages
    .map(({ code }, i) => ({ code, probability: weights[i] / total }))
    .sort((a, b) => b.probability - a.probability);
}

/**
 * Probability at which a detected language counts as detected with confidence: it becomes
 * the session's language, and only another language detected at this probability replaces
 * it. Chosen, not measured (no multilingual weights can be fetched here; the multilingual
 * bench prints every clip's language and probability to check it): at 0.8 the session's
 * language has at most 0.2 left in the utterance that replaces it, while an utterance of one
 * or two words, where Whisper's language identification is known to waver between related
 * languages, rarely reaches it and keeps the session's language.
 */
export const CONFIDENT_LANGUAGE_PROBABILITY = 0.8;

/**
 * The language to decode an utterance in (Auto mode): its most probable language when that
 * one is confident ({@link CONFIDENT_LANGUAGE_PROBABILITY}) or the session has none yet,
 * else the session's language, so that short utterances do not flip it.
 * @param probabilities this utterance's detection, most probable first ({@link languageProbabilities})
 * @param held the session's language: the last one chosen with confidence; null: none yet
 * @returns the chosen language with this utterance's probability of it; the caller holds
 *   `code` from now on when `probability` is confident
 * @throws Error when `probabilities` is empty
 */
export function chooseLanguage(probabilities: readonly LanguageProbability[], held: string | null): LanguageProbability {
  const top = probabilities[0];
  if (!top) throw new Error('Language detection returned no languages.');
  if (held === null || top.probability >= CONFIDENT_LANGUAGE_PROBABILITY) return top;
  return { code: held, probability: probabilities.find((p) => p.code === held)?.probability ?? 0 };
}

/**
 * The decoder's raw logits at the `<|startoftranscript|>` position: one decoder pass over
 * `[<|startoftranscript|>]` on audio the encoder has already seen (openai/whisper
 * `detect_language`). Every output but the logits is disposed.
 * @param encoderOutputs the encoder's last hidden state for this audio, [1, 1500, d_model]; not disposed here
 * @returns logits over the whole vocabulary
 * @throws Error from ONNX Runtime when the pass fails
 */
export async function startOfTranscriptLogits(model: WhisperModelParts, encoderOutputs: Tensor, vocabulary: WhisperVocabulary): Promise<Float32Array> {
  const outputs = await model.forward({
    encoder_outputs: encoderOutputs,
    decoder_input_ids: new Tensor('int64', BigInt64Array.of(BigInt(vocabulary.startOfTranscript)), [1, 1]),
    past_key_values: null,
  });
  const logits = outputs.logits;
  const row = Float32Array.from((logits.type === 'float32' ? logits : logits.to('float32')).data as ArrayLike<number>);
  for (const tensor of Object.values(outputs)) if (tensor.location === 'gpu-buffer') tensor.dispose();
  return row;
}
