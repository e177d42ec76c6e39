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
 * bench prints every clip's probabilities to check it): at 0.8 the session's language has at
 * most 0.2 left in the utterance that replaces it, while an utterance of one or two words,
 * where Whisper's language identification is known to waver between related languages,
 * rarely reaches it and keeps the session's language.
 */
export const CONFIDENT_LANGUAGE_PROBABILITY = 0.8;

/**
 * The language of each utterance of a capture session in Auto mode: an utterance is decoded
 * in the most probable language, except that once a language has been detected with
 * {@link CONFIDENT_LANGUAGE_PROBABILITY} it is kept until another language is.
 */
export class SessionLanguage {
  private held: string | null = null;

  /**
   * The language to decode one utterance in.
   * @param probabilities this utterance's detection, most probable first ({@link languageProbabilities})
   * @throws Error when `probabilities` is empty
   */
  choose(probabilities: readonly LanguageProbability[]): string {
    const top = probabilities[0];
    if (!top) throw new Error('Language detection returned no languages.');
    if (top.probability >= CONFIDENT_LANGUAGE_PROBABILITY) this.held = top.code;
    return this.held ?? top.code;
  }

  /** Forgets the session's language (a new capture session may be another speaker). */
  reset(): void {
    this.held = null;
  }
}
