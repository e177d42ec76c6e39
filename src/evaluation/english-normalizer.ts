/**
 * OpenAI Whisper's English text normalizer, ported to TypeScript: the normalization Whisper's paper
 * applies to both reference and hypothesis before computing word error rates.
 *
 * Source: https://github.com/openai/whisper at commit 6e3be77e1a105e59086e3e21ff5f609fd6fa89a5
 * (the initial release) — `whisper/normalizers/english.py` (`EnglishNumberNormalizer`,
 * `EnglishSpellingNormalizer`, `EnglishTextNormalizer`) and `remove_symbols_and_diacritics` from
 * `whisper/normalizers/basic.py`; the Hugging Face `transformers` mirror
 * (`models/whisper/english_normalizer.py`) has the same rules. The spelling map
 * (`english-spelling.json`) is the `normalizer.json` shipped with the Hugging Face Whisper
 * checkpoints, i.e. Whisper's `english.json`, quirks included (`"archaeology"` maps to
 * `"archeology</span>"`, as upstream). Code and data: Copyright (c) 2022 OpenAI, MIT License.
 *
 * Every step keeps the Python order and regular expressions. Python `re` semantics on `str` are kept
 * where JavaScript differs: `\b`, `\s` and `\d` are Unicode-aware in Python (see {@link pyRegExp}),
 * `str.split()` splits on Python's whitespace set, and integers are `bigint` (Python ints are
 * unbounded; "decillion" is 10^33).
 */
import spellingTable from './english-spelling.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------
// Python `re` / `str` semantics

/** Python's `\w` on `str`: Unicode letters and numbers (`str.isalnum()`) and `_`; marks are not word characters. */
const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** The JavaScript source each Python escape stands for (on `str` patterns). */
const PYTHON_ESCAPES: Readonly<Record<string, string>> = {
  // `\b`: between a word character and a non-word character (or the start/end of the text).
  b: `(?:(?<=${WORD_CHAR})(?!${WORD_CHAR})|(?<!${WORD_CHAR})(?=${WORD_CHAR}))`,
  // `\s`: `str.isspace()` — bidi classes WS, B, S and category Zs. Unlike JavaScript's `\s`, this
  // includes U+001C–U+001F and U+0085 and excludes U+FEFF.
  s: '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]',
  // `\d`: any Unicode decimal digit (category Nd), not only 0-9.
  d: '\\p{Nd}',
};

/**
 * Compiles a Python regular expression written with `\b`, `\s` and `\d`, giving those escapes their
 * Python meaning on `str` (Unicode-aware). The patterns in this file use these escapes only outside
 * character classes. `$` is left as is: Python's `$` also matches before a final newline, which
 * cannot change any match here (newlines are either consumed by `[^0-9]` or absent from the tokens).
 */
function pyRegExp(pattern: string, flags = 'gu'): RegExp {
  return new RegExp(
    pattern.replace(/\\([bsd])/g, (_, escape: string) => PYTHON_ESCAPES[escape]!),
    flags,
  );
}

const WHITESPACE_RUN = pyRegExp(String.raw`\s+`, 'u');
const BLANK = pyRegExp(String.raw`^\s*$`, 'u');

/** Python's `s.split()`: split on runs of whitespace, dropping empty strings. */
function splitWords(s: string): string[] {
  return s.split(WHITESPACE_RUN).filter((word) => word !== '');
}

// ---------------------------------------------------------------------------------------------
// basic.py: remove_symbols_and_diacritics

/** Non-ASCII letters that NFKD does not decompose (`ADDITIONAL_DIACRITICS`). */
const ADDITIONAL_DIACRITICS: ReadonlyMap<string, string> = new Map([
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['ø', 'o'],
  ['Ø', 'O'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['ß', 'ss'],
  ['ẞ', 'SS'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ð', 'd'],
  ['Ð', 'D'],
  ['þ', 'th'],
  ['Þ', 'th'],
  ['ł', 'l'],
  ['Ł', 'L'],
]);

const NONSPACING_MARK = /^\p{Mn}$/u;
/** `unicodedata.category(c)[0] in "MSP"`: marks, symbols, punctuation. */
const MARK_SYMBOL_PUNCTUATION = /^[\p{M}\p{S}\p{P}]$/u;

/**
 * Port of `remove_symbols_and_diacritics` (whisper/normalizers/basic.py): NFKD-decomposes `s`, then,
 * character by character, keeps those listed in `keep`, spells out the letters NFKD does not
 * decompose (`ø` → `o`, `ß` → `ss`…), drops non-spacing marks (the decomposed diacritics) and
 * replaces any other mark, symbol or punctuation character with a space.
 *
 * @param s text (not lowercased here: the caller decides).
 * @param keep characters to leave untouched (e.g. `".%$¢€£"`).
 * @returns the cleaned text; no whitespace is collapsed.
 */
export function removeSymbolsAndDiacritics(s: string, keep = ''): string {
  let result = '';
  for (const c of s.normalize('NFKD')) {
    if (keep.includes(c)) result += c;
    else if (ADDITIONAL_DIACRITICS.has(c)) result += ADDITIONAL_DIACRITICS.get(c)!;
    else if (NONSPACING_MARK.test(c)) continue;
    else result += MARK_SYMBOL_PUNCTUATION.test(c) ? ' ' : c;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// english.py: EnglishNumberNormalizer — vocabulary

type Suffixed = readonly [value: number, suffix: string];

const ZEROS: ReadonlySet<string> = new Set(['o', 'oh', 'zero']);

const ONES: ReadonlyMap<string, number> = new Map(
  [
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
  ].map((name, i) => [name, i + 1]),
);

const ONES_PLURAL = new Map<string, Suffixed>(
  [...ONES].map(([name, value]) => [name === 'six' ? 'sixes' : `${name}s`, [value, 's']]),
);

// As upstream: "eight" + "h", otherwise + "th" ("nineth", so "ninth" is not recognised).
const ONES_ORDINAL = new Map<string, Suffixed>([
  ['zeroth', [0, 'th']],
  ['first', [1, 'st']],
  ['second', [2, 'nd']],
  ['third', [3, 'rd']],
  ['fifth', [5, 'th']],
  ['twelfth', [12, 'th']],
  ...[...ONES]
    .filter(([, value]) => value > 3 && value !== 5 && value !== 12)
    .map(([name, value]): [string, Suffixed] => [name + (name.endsWith('t') ? 'h' : 'th'), [value, 'th']]),
]);

const ONES_SUFFIXED: ReadonlyMap<string, Suffixed> = new Map([...ONES_PLURAL, ...ONES_ORDINAL]);

const TENS: ReadonlyMap<string, number> = new Map([
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
]);

const TENS_SUFFIXED: ReadonlyMap<string, Suffixed> = new Map([
  ...[...TENS].map(([name, value]): [string, Suffixed] => [name.replaceAll('y', 'ies'), [value, 's']]),
  ...[...TENS].map(([name, value]): [string, Suffixed] => [name.replaceAll('y', 'ieth'), [value, 'th']]),
]);

const MULTIPLIERS: ReadonlyMap<string, bigint> = new Map(
  [
    'hundred',
    'thousand',
    'million',
    'billion',
    'trillion',
    'quadrillion',
    'quintillion',
    'sextillion',
    'septillion',
    'octillion',
    'nonillion',
    'decillion',
  ].map((name, i) => [name, i === 0 ? 100n : 1000n ** BigInt(i)]),
);

const MULTIPLIERS_SUFFIXED: ReadonlyMap<string, readonly [value: bigint, suffix: string]> = new Map([
  ...[...MULTIPLIERS].map(([name, value]): [string, [bigint, string]] => [`${name}s`, [value, 's']]),
  ...[...MULTIPLIERS].map(([name, value]): [string, [bigint, string]] => [`${name}th`, [value, 'th']]),
]);

const DECIMALS: ReadonlySet<string> = new Set([...ONES.keys(), ...TENS.keys(), ...ZEROS]);

const PRECEDING_PREFIXERS: ReadonlyMap<string, string> = new Map([
  ['minus', '-'],
  ['negative', '-'],
  ['plus', '+'],
  ['positive', '+'],
]);

const FOLLOWING_PREFIXERS: ReadonlyMap<string, string> = new Map([
  ['pound', '£'],
  ['pounds', '£'],
  ['euro', '€'],
  ['euros', '€'],
  ['dollar', '$'],
  ['dollars', '$'],
  ['cent', '¢'],
  ['cents', '¢'],
]);

const PREFIXES: ReadonlySet<string> = new Set([...PRECEDING_PREFIXERS.values(), ...FOLLOWING_PREFIXERS.values()]);

/** A suffixer is either a symbol, or a map from the next word to a symbol ("per cent"). */
const SUFFIXERS: ReadonlyMap<string, string | ReadonlyMap<string, string>> = new Map<
  string,
  string | ReadonlyMap<string, string>
>([
  ['per', new Map([['cent', '%']])],
  ['percent', '%'],
]);

const SPECIALS: ReadonlySet<string> = new Set(['and', 'double', 'triple', 'point']);

const WORDS: ReadonlySet<string> = new Set(
  [
    ZEROS,
    ONES.keys(),
    ONES_SUFFIXED.keys(),
    TENS.keys(),
    TENS_SUFFIXED.keys(),
    MULTIPLIERS.keys(),
    MULTIPLIERS_SUFFIXED.keys(),
    PRECEDING_PREFIXERS.keys(),
    FOLLOWING_PREFIXERS.keys(),
    SUFFIXERS.keys(),
    SPECIALS,
  ].flatMap((keys) => [...keys]),
);

/** `word in mapping`, where `word` is `None` past either end of the text. */
function isIn(mapping: { has(key: string): boolean }, word: string | undefined): boolean {
  return word !== undefined && mapping.has(word);
}

// ---------------------------------------------------------------------------------------------
// english.py: EnglishNumberNormalizer — arithmetic helpers

/** Python's `^\d+(\.\d+)?$` (arabic numbers, possibly with a fraction). */
const ARABIC_NUMBER = pyRegExp(String.raw`^\d+(\.\d+)?$`, 'u');

/**
 * The subset of `fractions.Fraction(str)`'s grammar that the state machine can hand it: the strings
 * it builds hold only digits, `.` and currency/sign symbols (never a leading sign, exponent, `_`,
 * `/` or whitespace). Like Python's, it accepts "2." and ".5" but not "." or "1.2.3".
 */
const FRACTION_LITERAL = pyRegExp(String.raw`^(?=\d|\.\d)(\d*)(?:\.(\d*))?$`, 'u');
const UNICODE_DIGIT = pyRegExp(String.raw`\d`);
const IS_UNICODE_DIGIT = pyRegExp(String.raw`^\d$`, 'u');

/** A fraction as numerator / denominator (not reduced; the denominator is a power of ten or 1). */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** Decimal value of a Unicode digit (category Nd digits come in contiguous runs from 0 to 9). */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  let zero = code;
  while (IS_UNICODE_DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return (code - zero) % 10;
}

/** Python's `int(digits)`, which also reads non-ASCII decimal digits. */
function parseDigits(digits: string): bigint {
  return BigInt(digits.replace(UNICODE_DIGIT, (d) => String(digitValue(d))));
}

/** `to_fraction`: `Fraction(value)`, or null where Python raises ValueError. */
function toFraction(value: string | bigint): Fraction | null {
  if (typeof value === 'bigint') return { numerator: value, denominator: 1n };
  const match = FRACTION_LITERAL.exec(value);
  if (match === null) return null;
  const decimals = match[2] ?? '';
  // count code points: some Unicode digits (e.g. U+1D7D7) are outside the BMP
  return { numerator: parseDigits(match[1]! + decimals), denominator: 10n ** BigInt([...decimals].length) };
}

/** `f * multiplier` if it is an integer (`p.denominator == 1`), else null. */
function integralProduct(f: Fraction, multiplier: bigint): bigint | null {
  const scaled = f.numerator * multiplier;
  return scaled % f.denominator === 0n ? scaled / f.denominator : null;
}

/** A number being accumulated: an integer, a digit string (e.g. "007", "2."), or none. */
type Value = bigint | string | null;

/** Python's `str(value or "")`: `None`, `0` and `""` are falsy. */
function strOrEmpty(value: Value): string {
  return value === null || value === 0n ? '' : String(value);
}

// ---------------------------------------------------------------------------------------------
// english.py: EnglishNumberNormalizer — process_words, preprocess, postprocess

/** `EnglishNumberNormalizer.process_words`: the state machine over whitespace-separated words. */
function processWords(words: readonly string[]): string[] {
  const out: string[] = [];
  let prefix: string | null = null;
  let value: Value = null;
  let skip = false;

  const output = (result: string | bigint): string => {
    let text = String(result);
    if (prefix !== null) text = prefix + text;
    value = null;
    prefix = null;
    return text;
  };

  for (let i = 0; i < words.length; i++) {
    if (skip) {
      skip = false;
      continue;
    }
    const prev = words[i - 1];
    const current = words[i]!;
    const next = words[i + 1];

    const nextIsNumeric = next !== undefined && ARABIC_NUMBER.test(next);
    const hasPrefix = PREFIXES.has(current[0]!);
    const currentWithoutPrefix = hasPrefix ? current.slice(1) : current;

    if (ARABIC_NUMBER.test(currentWithoutPrefix)) {
      // arabic numbers (potentially with signs and fractions)
      const f = toFraction(currentWithoutPrefix)!;
      if (value !== null) {
        if (typeof value === 'string' && value.endsWith('.')) {
          // concatenate decimals / ip address components
          value = value + current;
          continue;
        }
        out.push(output(value));
      }
      if (hasPrefix) prefix = current[0]!;
      // store integers as int
      value = f.numerator % f.denominator === 0n ? f.numerator / f.denominator : currentWithoutPrefix;
    } else if (!WORDS.has(current)) {
      // non-numeric words
      if (value !== null) out.push(output(value));
      out.push(output(current));
    } else if (ZEROS.has(current)) {
      value = `${strOrEmpty(value)}0`;
    } else if (ONES.has(current)) {
      const ones = ONES.get(current)!;
      if (value === null) {
        value = BigInt(ones);
      } else if (typeof value === 'string' || isIn(ONES, prev)) {
        if (isIn(TENS, prev) && ones < 10) {
          // replace the last zero with the digit (value is a string ending in "0" after a tens word)
          value = String(value).slice(0, -1) + String(ones);
        } else {
          value = String(value) + String(ones);
        }
      } else if (ones < 10) {
        value = value % 10n === 0n ? value + BigInt(ones) : String(value) + String(ones);
      } else {
        // eleven to nineteen
        value = value % 100n === 0n ? value + BigInt(ones) : String(value) + String(ones);
      }
    } else if (ONES_SUFFIXED.has(current)) {
      // ordinal or cardinal; yield the number right away
      const [ones, suffix] = ONES_SUFFIXED.get(current)!;
      if (value === null) {
        out.push(output(String(ones) + suffix));
      } else if (typeof value === 'string' || isIn(ONES, prev)) {
        if (isIn(TENS, prev) && ones < 10) {
          out.push(output(String(value).slice(0, -1) + String(ones) + suffix));
        } else {
          out.push(output(String(value) + String(ones) + suffix));
        }
      } else if (ones < 10) {
        out.push(output((value % 10n === 0n ? String(value + BigInt(ones)) : String(value) + String(ones)) + suffix));
      } else {
        // eleven to nineteen
        out.push(output((value % 100n === 0n ? String(value + BigInt(ones)) : String(value) + String(ones)) + suffix));
      }
      value = null;
    } else if (TENS.has(current)) {
      const tens = TENS.get(current)!;
      if (value === null) {
        value = BigInt(tens);
      } else if (typeof value === 'string') {
        value = value + String(tens);
      } else {
        value = value % 100n === 0n ? value + BigInt(tens) : String(value) + String(tens);
      }
    } else if (TENS_SUFFIXED.has(current)) {
      // ordinal or cardinal; yield the number right away
      const [tens, suffix] = TENS_SUFFIXED.get(current)!;
      if (value === null) {
        out.push(output(String(tens) + suffix));
      } else if (typeof value === 'string') {
        out.push(output(value + String(tens) + suffix));
      } else {
        out.push(output((value % 100n === 0n ? String(value + BigInt(tens)) : String(value) + String(tens)) + suffix));
      }
    } else if (MULTIPLIERS.has(current)) {
      const multiplier = MULTIPLIERS.get(current)!;
      if (value === null) {
        value = multiplier;
      } else if (typeof value === 'string' || value === 0n) {
        const f = toFraction(value);
        const p = f === null ? null : integralProduct(f, multiplier);
        if (p !== null) {
          value = p;
        } else {
          out.push(output(value));
          value = multiplier;
        }
      } else {
        const before: bigint = (value / 1000n) * 1000n;
        const residual: bigint = value % 1000n;
        value = before + residual * multiplier;
      }
    } else if (MULTIPLIERS_SUFFIXED.has(current)) {
      const [multiplier, suffix] = MULTIPLIERS_SUFFIXED.get(current)!;
      if (value === null) {
        out.push(output(String(multiplier) + suffix));
      } else if (typeof value === 'string') {
        const f = toFraction(value);
        const p = f === null ? null : integralProduct(f, multiplier);
        if (p !== null) {
          out.push(output(String(p) + suffix));
        } else {
          out.push(output(value));
          out.push(output(String(multiplier) + suffix));
        }
      } else {
        const before: bigint = (value / 1000n) * 1000n;
        const residual: bigint = value % 1000n;
        value = before + residual * multiplier;
        out.push(output(String(value) + suffix));
      }
      value = null;
    } else if (PRECEDING_PREFIXERS.has(current)) {
      // apply prefix (positive, minus, etc.) if it precedes a number
      if (value !== null) out.push(output(value));
      if (isIn(WORDS, next) || nextIsNumeric) prefix = PRECEDING_PREFIXERS.get(current)!;
      else out.push(output(current));
    } else if (FOLLOWING_PREFIXERS.has(current)) {
      // apply prefix (dollars, cents, etc.) only after a number
      if (value !== null) {
        prefix = FOLLOWING_PREFIXERS.get(current)!;
        out.push(output(value));
      } else {
        out.push(output(current));
      }
    } else if (SUFFIXERS.has(current)) {
      // apply suffix symbols (percent -> '%')
      if (value !== null) {
        const suffix = SUFFIXERS.get(current)!;
        if (typeof suffix !== 'string') {
          if (isIn(suffix, next)) {
            out.push(output(String(value) + suffix.get(next!)!));
            skip = true;
          } else {
            out.push(output(value));
            out.push(output(current));
          }
        } else {
          out.push(output(String(value) + suffix));
        }
      } else {
        out.push(output(current));
      }
    } else if (SPECIALS.has(current)) {
      if (!isIn(WORDS, next) && !nextIsNumeric) {
        // apply special handling only if the next word can be numeric
        if (value !== null) out.push(output(value));
        out.push(output(current));
      } else if (current === 'and') {
        // ignore "and" after hundreds, thousands, etc.
        if (!isIn(MULTIPLIERS, prev)) {
          if (value !== null) out.push(output(value));
          out.push(output(current));
        }
      } else if (current === 'double' || current === 'triple') {
        if (isIn(ONES, next) || isIn(ZEROS, next)) {
          const repeats = current === 'double' ? 2 : 3;
          const ones = ONES.get(next!) ?? 0;
          value = strOrEmpty(value) + String(ones).repeat(repeats);
          skip = true;
        } else {
          if (value !== null) out.push(output(value));
          out.push(output(current));
        }
      } else if (current === 'point') {
        if (isIn(DECIMALS, next) || nextIsNumeric) value = `${strOrEmpty(value)}.`;
      } else {
        // should all have been covered at this point
        throw new Error(`Unexpected token: ${current}`);
      }
    } else {
      // all should have been covered at this point
      throw new Error(`Unexpected token: ${current}`);
    }
  }

  if (value !== null) out.push(output(value));
  return out;
}

const AND_A_HALF = pyRegExp(String.raw`\band\s+a\s+half\b`, 'u');
const LETTER_DIGIT = /([a-z])([0-9])/g;
const DIGIT_LETTER = /([0-9])([a-z])/g;
const SPACED_SUFFIX = pyRegExp(String.raw`([0-9])\s+(st|nd|rd|th|s)\b`);

/** `EnglishNumberNormalizer.preprocess`. */
function preprocessNumbers(text: string): string {
  // replace "<number> and a half" with "<number> point five"
  const results: string[] = [];
  const segments = text.split(AND_A_HALF);
  segments.forEach((segment, i) => {
    if (BLANK.test(segment)) return;
    results.push(segment);
    if (i !== segments.length - 1) {
      const lastWord = splitWords(segment).at(-1)!;
      results.push(DECIMALS.has(lastWord) || MULTIPLIERS.has(lastWord) ? 'point five' : 'and a half');
    }
  });
  let s = results.join(' ');

  // put a space at number/letter boundary
  s = s.replace(LETTER_DIGIT, '$1 $2');
  s = s.replace(DIGIT_LETTER, '$1 $2');

  // but remove spaces which could be a suffix
  return s.replace(SPACED_SUFFIX, '$1$2');
}

const CURRENCY_AND_CENTS = pyRegExp(String.raw`([€£$])([0-9]+) (?:and )?¢([0-9]{1,2})\b`);
// Python's `.` matches anything but "\n".
const CURRENCY_ZERO_CENTS = pyRegExp(String.raw`[€£$]0[^\n]([0-9]{1,2})\b`);
const ONE = pyRegExp(String.raw`\b1(s?)\b`);

/** `EnglishNumberNormalizer.postprocess`. */
function postprocessNumbers(text: string): string {
  // apply currency postprocessing; "$2 and ¢7" -> "$2.07"
  let s = text.replace(CURRENCY_AND_CENTS, (_, currency: string, integer: string, cents: string) => {
    const twoDigitCents = String(Number(cents)).padStart(2, '0'); // f"{int(cents):02d}"
    return `${currency}${integer}.${twoDigitCents}`;
  });
  s = s.replace(CURRENCY_ZERO_CENTS, (_, cents: string) => `¢${Number(cents)}`);

  // write "one(s)" instead of "1(s)", just for the readability
  return s.replace(ONE, 'one$1');
}

/**
 * Port of `EnglishNumberNormalizer.__call__`: converts spelled-out numbers to arabic numerals
 * ("one hundred and five" → "105", "twenty first" → "21st", "double o seven" → "007",
 * "two point five million" → "2500000"), attaches currencies and percents ("seventy six per cent"
 * → "76%", "two dollars and seventy cents" → "$2.70"), keeps suffixes ("nineteen fifties" →
 * "1950s") and writes a lone 1 as "one". Expects lowercase text.
 *
 * @param text lowercase text.
 * @returns the words joined by single spaces.
 * @throws Error only on an internal inconsistency (Python raises ValueError there too).
 */
export function normalizeEnglishNumbers(text: string): string {
  return postprocessNumbers(processWords(splitWords(preprocessNumbers(text))).join(' '));
}

// ---------------------------------------------------------------------------------------------
// english.py: EnglishSpellingNormalizer

const SPELLINGS: ReadonlyMap<string, string> = new Map(Object.entries(spellingTable as Record<string, string>));

/**
 * Port of `EnglishSpellingNormalizer.__call__`: maps British spellings to American ones word by word
 * ("mobilisation" → "mobilization"), using Whisper's table (from https://www.tysto.com/uk-us-spelling-list.html).
 *
 * @param text text whose words are separated by whitespace.
 * @returns the words joined by single spaces.
 */
export function normalizeEnglishSpelling(text: string): string {
  return splitWords(text)
    .map((word) => SPELLINGS.get(word) ?? word)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// english.py: EnglishTextNormalizer

const BRACKETED = /[<\[][^>\]]*[>\]]/gu;
const PARENTHESIZED = /\(([^)]+?)\)/gu;
const IGNORE_PATTERNS = pyRegExp(String.raw`\b(hmm|mm|mhm|mmm|uh|um)\b`);
const SPACE_BEFORE_APOSTROPHE = pyRegExp(String.raw`\s+'`);

/** Applied in order (Python dict order). */
const REPLACERS: ReadonlyArray<readonly [RegExp, string]> = (
  [
    // common contractions
    [String.raw`\bwon't\b`, 'will not'],
    [String.raw`\bcan't\b`, 'can not'],
    [String.raw`\blet's\b`, 'let us'],
    [String.raw`\bain't\b`, 'aint'],
    [String.raw`\by'all\b`, 'you all'],
    [String.raw`\bwanna\b`, 'want to'],
    [String.raw`\bgotta\b`, 'got to'],
    [String.raw`\bgonna\b`, 'going to'],
    [String.raw`\bi'ma\b`, 'i am going to'],
    [String.raw`\bimma\b`, 'i am going to'],
    [String.raw`\bwoulda\b`, 'would have'],
    [String.raw`\bcoulda\b`, 'could have'],
    [String.raw`\bshoulda\b`, 'should have'],
    [String.raw`\bma'am\b`, 'madam'],
    // contractions in titles/prefixes
    [String.raw`\bmr\b`, 'mister '],
    [String.raw`\bmrs\b`, 'missus '],
    [String.raw`\bst\b`, 'saint '],
    [String.raw`\bdr\b`, 'doctor '],
    [String.raw`\bprof\b`, 'professor '],
    [String.raw`\bcapt\b`, 'captain '],
    [String.raw`\bgov\b`, 'governor '],
    [String.raw`\bald\b`, 'alderman '],
    [String.raw`\bgen\b`, 'general '],
    [String.raw`\bsen\b`, 'senator '],
    [String.raw`\brep\b`, 'representative '],
    [String.raw`\bpres\b`, 'president '],
    [String.raw`\brev\b`, 'reverend '],
    [String.raw`\bhon\b`, 'honorable '],
    [String.raw`\basst\b`, 'assistant '],
    [String.raw`\bassoc\b`, 'associate '],
    [String.raw`\blt\b`, 'lieutenant '],
    [String.raw`\bcol\b`, 'colonel '],
    [String.raw`\bjr\b`, 'junior '],
    [String.raw`\bsr\b`, 'senior '],
    [String.raw`\besq\b`, 'esquire '],
    // perfect tenses, ideally it should be any past participles, but it's harder..
    [String.raw`'d been\b`, ' had been'],
    [String.raw`'s been\b`, ' has been'],
    [String.raw`'d gone\b`, ' had gone'],
    [String.raw`'s gone\b`, ' has gone'],
    [String.raw`'d done\b`, ' had done'], // "'s done" is ambiguous
    [String.raw`'s got\b`, ' has got'],
    // general contractions
    [String.raw`n't\b`, ' not'],
    [String.raw`'re\b`, ' are'],
    [String.raw`'s\b`, ' is'],
    [String.raw`'d\b`, ' would'],
    [String.raw`'ll\b`, ' will'],
    [String.raw`'t\b`, ' not'],
    [String.raw`'ve\b`, ' have'],
    [String.raw`'m\b`, ' am'],
  ] as const
).map(([pattern, replacement]) => [pyRegExp(pattern), replacement] as const);

const DIGIT_COMMA_DIGIT = pyRegExp(String.raw`(\d),(\d)`);
const PERIOD_NOT_BEFORE_DIGIT = /\.([^0-9]|$)/gu;
const LONE_PREFIX_SYMBOL = /[.$¢€£]([^0-9])/gu;
const LONE_PERCENT = /([^0-9])%/gu;
const WHITESPACE_RUNS = pyRegExp(String.raw`\s+`);

/**
 * Port of Whisper's `EnglishTextNormalizer.__call__`, the normalization used for English WER:
 * lowercases; removes text in brackets and parentheses and the fillers hmm/mm/mhm/mmm/uh/um;
 * expands contractions and titles ("let's" → "let us", "mr." → "mister"); drops punctuation and
 * diacritics; standardizes numbers ({@link normalizeEnglishNumbers}) and British spellings
 * ({@link normalizeEnglishSpelling}); collapses whitespace.
 *
 * Like the original, the result is not trimmed: a leading or trailing space can remain in rare
 * cases (e.g. a stray "%"). Split on whitespace to get the words.
 *
 * @example normalizeEnglish("Mr. Park visited Assoc. Prof. Kim Jr.")
 *   // "mister park visited associate professor kim junior"
 * @example normalizeEnglish("Two nine three four zero.") // "29340"
 * @param text any text.
 * @returns normalized text, words separated by single spaces.
 */
export function normalizeEnglish(text: string): string {
  let s = text.toLowerCase();

  s = s.replace(BRACKETED, ''); // remove words between brackets
  s = s.replace(PARENTHESIZED, ''); // remove words between parenthesis
  s = s.replace(IGNORE_PATTERNS, '');
  s = s.replace(SPACE_BEFORE_APOSTROPHE, "'"); // standardize when there's a space before an apostrophe

  for (const [pattern, replacement] of REPLACERS) s = s.replace(pattern, replacement);

  s = s.replace(DIGIT_COMMA_DIGIT, '$1$2'); // remove commas between digits
  s = s.replace(PERIOD_NOT_BEFORE_DIGIT, ' $1'); // remove periods not followed by numbers
  s = removeSymbolsAndDiacritics(s, '.%$¢€£'); // keep some symbols for numerics

  s = normalizeEnglishNumbers(s);
  s = normalizeEnglishSpelling(s);

  // now remove prefix/suffix symbols that are not preceded/followed by numbers
  s = s.replace(LONE_PREFIX_SYMBOL, ' $1');
  s = s.replace(LONE_PERCENT, '$1 ');

  return s.replace(WHITESPACE_RUNS, ' '); // replace any successive whitespace characters with a space
}
