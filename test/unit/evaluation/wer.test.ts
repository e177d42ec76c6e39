import { describe, expect, it } from 'vitest';
import { alignWords, corpusWer, wordErrorRate } from '../../../src/evaluation/wer';

const w = (text: string): string[] => (text === '' ? [] : text.split(' '));
const identity = (text: string): string => text;

describe('alignWords', () => {
  it('counts only hits for identical sequences', () => {
    expect(alignWords(w('a b c'), w('a b c'))).toEqual({ substitutions: 0, deletions: 0, insertions: 0, hits: 3 });
  });

  it('counts a pure substitution', () => {
    expect(alignWords(w('a b c'), w('a x c'))).toEqual({ substitutions: 1, deletions: 0, insertions: 0, hits: 2 });
  });

  it('counts a pure insertion', () => {
    expect(alignWords(w('a b'), w('a x b'))).toEqual({ substitutions: 0, deletions: 0, insertions: 1, hits: 2 });
  });

  it('counts a pure deletion', () => {
    expect(alignWords(w('a b c'), w('a c'))).toEqual({ substitutions: 0, deletions: 1, insertions: 0, hits: 2 });
  });

  it('counts a mix of edits (rapidfuzz editops example "qabxcd" → "abycdf")', () => {
    const counts = alignWords([...'qabxcd'], [...'abycdf']);
    expect(counts).toEqual({ substitutions: 1, deletions: 1, insertions: 1, hits: 4 });
  });

  it('breaks ties like rapidfuzz: two substitutions rather than deletion + insertion', () => {
    expect(alignWords(w('a b'), w('b c'))).toEqual({ substitutions: 2, deletions: 0, insertions: 0, hits: 0 });
  });

  it('handles empty sides', () => {
    expect(alignWords([], [])).toEqual({ substitutions: 0, deletions: 0, insertions: 0, hits: 0 });
    expect(alignWords([], w('a b'))).toEqual({ substitutions: 0, deletions: 0, insertions: 2, hits: 0 });
    expect(alignWords(w('a b'), [])).toEqual({ substitutions: 0, deletions: 2, insertions: 0, hits: 0 });
  });

  it('always finds the edit distance, with consistent counts', () => {
    const levenshtein = (a: string[], b: string[]): number => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
          next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
      }
      return row[b.length]!;
    };
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const sequence = (): string[] => Array.from({ length: random(9) }, () => 'abc'[random(3)]!);
    for (let k = 0; k < 500; k++) {
      const reference = sequence();
      const hypothesis = sequence();
      const { substitutions, deletions, insertions, hits } = alignWords(reference, hypothesis);
      expect(substitutions + deletions + insertions).toBe(levenshtein(reference, hypothesis));
      expect(hits + substitutions + deletions).toBe(reference.length);
      expect(hits + substitutions + insertions).toBe(hypothesis.length);
    }
  });
});

describe('wordErrorRate', () => {
  it('is (S + D + I) / N', () => {
    expect(wordErrorRate('hello world', 'hello duck')).toEqual({
      wer: 0.5,
      substitutions: 1,
      deletions: 0,
      insertions: 0,
      hits: 1,
      referenceWords: 2,
    });
    expect(wordErrorRate('red green blue black', 'red blue black white')).toMatchObject({
      wer: 0.5,
      deletions: 1,
      insertions: 1,
    });
  });

  it('can exceed 1 when the hypothesis has many insertions', () => {
    expect(wordErrorRate('yes', 'no no no').wer).toBe(3);
  });

  it('defines the rate for an empty reference as 0 (empty hypothesis) or 1', () => {
    expect(wordErrorRate('', '')).toMatchObject({ wer: 0, referenceWords: 0, insertions: 0 });
    expect(wordErrorRate('  ', 'hello there')).toMatchObject({ wer: 1, referenceWords: 0, insertions: 2 });
  });

  it('counts every reference word as deleted for an empty hypothesis', () => {
    expect(wordErrorRate('ask not what your country can do', '')).toMatchObject({ wer: 1, deletions: 7, hits: 0 });
  });

  it('normalizes both texts with Whisper’s English normalizer by default', () => {
    expect(wordErrorRate('Mr. Smith arrived.', 'mister smith arrived').wer).toBe(0);
    expect(wordErrorRate('Prices rose 10%.', 'prices rose ten percent').wer).toBe(0);
    expect(wordErrorRate('It costs $2.70', 'it costs two dollars and seventy cents').wer).toBe(0);
    expect(wordErrorRate("Let's paint it the colour grey.", 'let us paint it the color grey').wer).toBe(0);
    expect(wordErrorRate('Two nine three four zero.', 'two nine three four oh').wer).toBe(0);
    expect(wordErrorRate('Um, I mean [noise] it', 'i mean it').wer).toBe(0);
  });

  it('compares raw words with an identity normalizer', () => {
    expect(wordErrorRate('Hello, World', 'hello world', identity)).toMatchObject({ wer: 1, substitutions: 2 });
  });
});

describe('corpusWer', () => {
  it('sums edit counts over files instead of averaging their rates', () => {
    const result = corpusWer([
      { reference: 'a b c d', hypothesis: 'a b c d' },
      { reference: 'x', hypothesis: 'y' },
    ], identity);
    expect(result).toEqual({ wer: 0.2, substitutions: 1, deletions: 0, insertions: 0, hits: 4, referenceWords: 5 });
  });

  it('uses the normalizer and accepts any iterable', () => {
    function* pairs() {
      yield { reference: 'Ten of clubs.', hypothesis: '10 of clubs' };
      yield { reference: 'Seven of hearts.', hypothesis: 'seven of parts' };
    }
    expect(corpusWer(pairs())).toMatchObject({ wer: 1 / 6, substitutions: 1, referenceWords: 6 });
  });

  it('is 0 for an empty corpus', () => {
    expect(corpusWer([])).toEqual({
      wer: 0,
      substitutions: 0,
      deletions: 0,
      insertions: 0,
      hits: 0,
      referenceWords: 0,
    });
  });
});
