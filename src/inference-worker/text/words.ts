/**
 * Word handling for hypotheses: splitting Whisper output into display words, and the
 * comparison key LocalAgreement uses so that "Americans," and "americans" agree.
 */

/** Splits text into display words on whitespace; empty input gives []. */
export function splitWords(text: string): string[] {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u) : [];
}

/** Joins display words with single spaces. */
export function joinWords(words: readonly string[]): string {
  return words.join(' ');
}

/**
 * Comparison key of a word: lower case, letters/digits/apostrophes only (Unicode-aware).
 * Two words agree when their keys are equal. A word that is only punctuation keys to ''.
 */
export function wordKey(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '');
}

/**
 * Removes Whisper's non-speech annotations ("[BLANK_AUDIO]", "(wind blowing)", "*music*",
 * "♪") that the model emits on silence or noise, and collapses whitespace.
 */
export function stripNonSpeech(text: string): string {
  return text
    .replace(/\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|[♪♫]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
