/**
 * Word error rate, as jiwer computes it (https://github.com/jitsi/jiwer): both texts are normalized
 * (by default with Whisper's English normalizer), split on whitespace and aligned by Levenshtein
 * distance over words; WER = (S + D + I) / N, with N the number of reference words.
 */
import { normalizeEnglish } from './english-normalizer';

/** Edit counts of a minimum-cost word alignment of a hypothesis against a reference. */
export interface AlignmentCounts {
  /** Reference words replaced by a different hypothesis word. */
  substitutions: number;
  /** Reference words missing from the hypothesis. */
  deletions: number;
  /** Hypothesis words with no reference counterpart. */
  insertions: number;
  /** Reference words matched exactly. `hits + substitutions + deletions` = reference length. */
  hits: number;
}

/** Word error rate of one text or of a whole corpus, with the counts it comes from. */
export interface WerResult extends AlignmentCounts {
  /**
   * (S + D + I) / N. With an empty reference (N = 0) it is defined as 0 when the hypothesis is
   * empty too and 1 otherwise (jiwer rejects empty references; 1 caps "everything is inserted").
   */
  wer: number;
  /** N, the number of (normalized) reference words. */
  referenceWords: number;
}

/**
 * Aligns two word sequences with the Levenshtein distance (unit costs) and counts the edits, like
 * jiwer (which takes `rapidfuzz.distance.Levenshtein.editops(reference, hypothesis)`). Words are
 * compared with `===`.
 *
 * S + D + I is always the edit distance. Where several minimal alignments exist, the split between
 * substitutions, deletions and insertions follows rapidfuzz: the common prefix and suffix are
 * matched first, then the alignment is traced back from the end preferring a deletion, then an
 * insertion where it is as cheap as the diagonal step, then the diagonal (hit or substitution).
 * (rapidfuzz switches to Hirschberg's algorithm on very long inputs, whose ties may split
 * differently.) Time and memory are O(n·m) for the part between the common prefix and suffix.
 *
 * @param reference reference words.
 * @param hypothesis hypothesis words.
 * @returns substitutions, deletions, insertions and hits.
 */
export function alignWords(reference: readonly string[], hypothesis: readonly string[]): AlignmentCounts {
  let prefix = 0;
  while (prefix < reference.length && prefix < hypothesis.length && reference[prefix] === hypothesis[prefix]) {
    prefix += 1;
  }
  let suffix = 0;
  while (
    suffix < reference.length - prefix &&
    suffix < hypothesis.length - prefix &&
    reference[reference.length - 1 - suffix] === hypothesis[hypothesis.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const ref = reference.slice(prefix, reference.length - suffix);
  const hyp = hypothesis.slice(prefix, hypothesis.length - suffix);
  const n = ref.length;
  const m = hyp.length;

  // d[i * width + j]: edit distance between ref[0, i) and hyp[0, j).
  const width = m + 1;
  const d = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * width] = i;
    for (let j = 1; j <= m; j++) {
      const diagonal = d[(i - 1) * width + j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      d[i * width + j] = Math.min(diagonal, d[(i - 1) * width + j]! + 1, d[i * width + j - 1]! + 1);
    }
  }
  const at = (i: number, j: number): number => d[i * width + j]!;

  const counts: AlignmentCounts = { substitutions: 0, deletions: 0, insertions: 0, hits: prefix + suffix };
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (at(i, j) === at(i - 1, j) + 1) {
      counts.deletions += 1;
      i -= 1;
      continue;
    }
    j -= 1;
    if (j > 0 && at(i, j) === at(i - 1, j) - 1) {
      counts.insertions += 1;
      continue;
    }
    i -= 1;
    if (ref[i] === hyp[j]) counts.hits += 1;
    else counts.substitutions += 1;
  }
  counts.deletions += i;
  counts.insertions += j;
  return counts;
}

/** Whitespace-separated words (empty strings dropped). */
function words(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}

/** Completes counts into a {@link WerResult}. */
function withRate(counts: AlignmentCounts, referenceWords: number): WerResult {
  const errors = counts.substitutions + counts.deletions + counts.insertions;
  const wer = referenceWords > 0 ? errors / referenceWords : errors > 0 ? 1 : 0;
  return { ...counts, referenceWords, wer };
}

/**
 * Word error rate of one hypothesis against its reference.
 *
 * @example wordErrorRate('Mr. Smith paid 10%.', 'mister smith paid ten percent').wer // 0
 * @param reference the ground-truth text (any casing and punctuation).
 * @param hypothesis the recognized text.
 * @param normalize applied to both texts before splitting them on whitespace; defaults to
 *   Whisper's English normalizer ({@link normalizeEnglish}). Pass `(s) => s` to compare raw words.
 * @returns the rate and the counts; see {@link WerResult} for the empty-reference convention.
 */
export function wordErrorRate(
  reference: string,
  hypothesis: string,
  normalize: (text: string) => string = normalizeEnglish,
): WerResult {
  const referenceWords = words(normalize(reference));
  return withRate(alignWords(referenceWords, words(normalize(hypothesis))), referenceWords.length);
}

/**
 * Corpus-level word error rate: the edit counts of each pair are summed and divided by the total
 * number of reference words (what jiwer reports for lists of sentences), not an average of the
 * per-pair rates — long files weigh more than short ones.
 *
 * @param pairs the reference and hypothesis of each file or utterance.
 * @param normalize as in {@link wordErrorRate}.
 * @returns the summed counts, total reference words and their rate (0 for an empty corpus).
 */
export function corpusWer(
  pairs: Iterable<{ reference: string; hypothesis: string }>,
  normalize: (text: string) => string = normalizeEnglish,
): WerResult {
  const total: AlignmentCounts = { substitutions: 0, deletions: 0, insertions: 0, hits: 0 };
  let referenceWords = 0;
  for (const { reference, hypothesis } of pairs) {
    const result = wordErrorRate(reference, hypothesis, normalize);
    total.substitutions += result.substitutions;
    total.deletions += result.deletions;
    total.insertions += result.insertions;
    total.hits += result.hits;
    referenceWords += result.referenceWords;
  }
  return withRate(total, referenceWords);
}
