import { wordKey } from '../text/words';

/**
 * The stable/unstable split of one hypothesis, in display words.
 * `committed` never shrinks and its words never change between updates.
 */
export interface AgreementView {
  committed: readonly string[];
  tail: readonly string[];
}

/**
 * LocalAgreement-2 on words (Macháček, Dabre & Bojar, "Turning Whisper into Real-Time
 * Transcription System", IJCNLP-AACL 2023 demo; `whisper_streaming`'s HypothesisBuffer):
 * a word is committed once two consecutive hypotheses of the same audio window agree on it
 * and on every word before it. Words are compared by {@link wordKey}, so case and
 * punctuation changes do not block agreement; the committed display form is the one seen
 * when the word was committed, and it never changes afterwards.
 *
 * The hypotheses must all start at the same audio position (the window start). When the
 * window start moves forward over already-committed words, call {@link dropCommittedPrefix}.
 *
 * A committed word stays committed even when a later hypothesis revises it. Each hypothesis
 * is therefore compared after the committed words, aligned to it by {@link alignedPrefixEnd}:
 * the words after a revised committed word still commit once two consecutive hypotheses agree
 * on them (the original, which compares whole hypotheses, stalls after one revision).
 */
export class LocalAgreement {
  private committedWords: string[] = [];
  /** The previous hypothesis's words after the committed ones. */
  private previousTail: string[] = [];

  /** Committed words of the current window, in display form. */
  get committed(): readonly string[] {
    return this.committedWords;
  }

  /**
   * Takes the next hypothesis of the window (display words) and returns the committed
   * words and the unstable tail to show after them.
   */
  update(hypothesis: readonly string[]): AgreementView {
    const tail = hypothesis.slice(alignedPrefixEnd(this.committedWords, hypothesis));
    const agreed = commonPrefixLength(this.previousTail, tail);
    this.committedWords.push(...tail.slice(0, agreed));
    this.previousTail = tail.slice(agreed);
    return { committed: this.committedWords, tail: this.previousTail };
  }

  /**
   * Forgets the first `count` committed words (the window start moved past their audio):
   * later hypotheses no longer contain them. `count` must not exceed the committed length.
   * @throws RangeError when `count` is larger than the number of committed words.
   */
  dropCommittedPrefix(count: number): void {
    if (count > this.committedWords.length) {
      throw new RangeError(`cannot drop ${count} of ${this.committedWords.length} committed words`);
    }
    this.committedWords = this.committedWords.slice(count);
  }
}

/** Length of the longest common prefix of two word lists, compared by {@link wordKey}. */
export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && wordKey(a[i]) === wordKey(b[i])) i++;
  return i;
}

function prefixAgrees(prefix: readonly string[], words: readonly string[]): boolean {
  return prefix.length <= words.length && commonPrefixLength(prefix, words) === prefix.length;
}

/**
 * Index in `hypothesis` where the text after the committed words starts. When the
 * hypothesis begins with the committed words this is their count; when the model has
 * changed its mind about a committed word, the committed words are aligned to the
 * hypothesis prefix with the smallest word edit distance (Levenshtein on word keys), so the
 * tail neither repeats nor drops words around the disagreement.
 */
export function alignedPrefixEnd(committed: readonly string[], hypothesis: readonly string[]): number {
  if (prefixAgrees(committed, hypothesis)) return committed.length;
  const a = committed.map(wordKey);
  const b = hypothesis.map(wordKey);
  // row[j] = edit distance between all of `a` and b[0..j)
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  // Smallest distance wins; among equals, the prefix whose length is closest to the committed count.
  let best = 0;
  for (let j = 1; j <= b.length; j++) {
    const closer = Math.abs(j - a.length) < Math.abs(best - a.length);
    if (row[j] < row[best] || (row[j] === row[best] && closer)) best = j;
  }
  return best;
}
