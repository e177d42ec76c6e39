import { describe, expect, it } from 'vitest';
import {
  normalizeEnglish,
  normalizeEnglishNumbers,
  normalizeEnglishSpelling,
  removeSymbolsAndDiacritics,
} from '../../../src/evaluation/english-normalizer';

// ---------------------------------------------------------------------------------------------
// Whisper's own tests, ported assertion for assertion: tests/test_normalizer.py in openai/whisper
// (commit 6e3be77e1a105e59086e3e21ff5f609fd6fa89a5).

/** `test_number_normalizer`, run against both `EnglishNumberNormalizer` and `EnglishTextNormalizer`. */
const WHISPER_NUMBER_CASES: ReadonlyArray<readonly [input: string, expected: string]> = [
  ['two', '2'],
  ['thirty one', '31'],
  ['five twenty four', '524'],
  ['nineteen ninety nine', '1999'],
  ['twenty nineteen', '2019'],

  ['two point five million', '2500000'],
  ['four point two billions', '4200000000s'],
  ['200 thousand', '200000'],
  ['200 thousand dollars', '$200000'],
  ['$20 million', '$20000000'],
  ['€52.4 million', '€52400000'],
  ['£77 thousands', '£77000s'],

  ['two double o eight', '2008'],

  ['three thousand twenty nine', '3029'],
  ['forty three thousand two hundred sixty', '43260'],
  ['forty three thousand two hundred and sixty', '43260'],

  ['nineteen fifties', '1950s'],
  ['thirty first', '31st'],
  ['thirty three thousand and three hundred and thirty third', '33333rd'],

  ['three billion', '3000000000'],
  ['millions', '1000000s'],

  ['july third twenty twenty', 'july 3rd 2020'],
  ['august twenty sixth twenty twenty one', 'august 26th 2021'],
  ['3 14', '3 14'],
  ['3.14', '3.14'],
  ['3 point 2', '3.2'],
  ['3 point 14', '3.14'],
  ['fourteen point 4', '14.4'],
  ['two point two five dollars', '$2.25'],
  ['two hundred million dollars', '$200000000'],
  ['$20.1 million', '$20100000'],

  ['ninety percent', '90%'],
  ['seventy six per cent', '76%'],

  ['double oh seven', '007'],
  ['double zero seven', '007'],
  ['nine one one', '911'],
  ['nine double one', '911'],
  ['one triple oh one', '10001'],

  ['two thousandth', '2000th'],
  ['thirty two thousandth', '32000th'],

  ['minus 500', '-500'],
  ['positive twenty thousand', '+20000'],

  ['two dollars and seventy cents', '$2.70'],
  ['3 cents', '¢3'],
  ['$0.36', '¢36'],
  ['three euros and sixty five cents', '€3.65'],

  ['three and a half million', '3500000'],
  ['forty eight and a half dollars', '$48.5'],
  ['b747', 'b 747'],
  ['10 th', '10th'],
  ['10th', '10th'],
];

describe.each([
  ['EnglishNumberNormalizer', normalizeEnglishNumbers],
  ['EnglishTextNormalizer', normalizeEnglish],
])('Whisper test_number_normalizer (%s)', (_, std) => {
  it.each(WHISPER_NUMBER_CASES)('%j → %j', (input, expected) => {
    expect(std(input)).toBe(expected);
  });
});

describe('Whisper test_spelling_normalizer', () => {
  it.each([
    ['mobilisation', 'mobilization'],
    ['cancelation', 'cancellation'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEnglishSpelling(input)).toBe(expected);
  });
});

describe('Whisper test_text_normalizer', () => {
  it.each([
    ["Let's", 'let us'],
    ["he's like", 'he is like'],
    ["she's been like", 'she has been like'],
    ['10km', '10 km'],
    ['RC232', 'rc 232'],
    ['Mr. Park visited Assoc. Prof. Kim Jr.', 'mister park visited associate professor kim junior'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEnglish(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Our references (/work/shared/audio/dev.tsv). Expected values are what Whisper's Python
// normalizer returns (checked against the original code).

describe('normalizeEnglish on our references', () => {
  it.each([
    [
      'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
      'and so my fellow americans ask not what your country can do for you ask what you can do for your country',
    ],
    ['Unless a system is established for the frequent formal review of activities thereunder. In this regard,',
      'unless a system is established for the frequent formal review of activities thereunder in this regard'],
    // successive single digits are read as one nominal number; "zero" appends a 0
    ['Two nine three four zero.', '29340'],
    ['Five five.', '55'],
    ['Drop the two when you add the figures.', 'drop the 2 when you add the figures'],
    // a lone 1 is written back as "one"
    ['We are sure that one war is enough.', 'we are sure that one war is enough'],
    ['Go forward ten meters.', 'go forward 10 meters'],
    ['Eight of spades, four of clubs, seven of hearts.', '8 of spades 4 of clubs 7 of hearts'],
    ['Four queen of clubs.', '4 queen of clubs'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEnglish(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Further rules and quirks, expected values again from the Python original.

describe('normalizeEnglish: rules and upstream quirks', () => {
  it.each([
    ['one hundred and five', '105'],
    ['one hundred thousand and one', '100001'],
    ['twenty first', '21st'],
    ['twenty twenty', '2020'],
    ['one oh one', '101'],
    ['zero point five', '0.5'],
    ['4 point o', '4.0'],
    ['ninety nine percent', '99%'],
    ['$0.05', '¢5'],
    ['$5 million dollars', '$5000000'],
    ['1,234,567.89', '1234567.89'],
    ['a hundred', 'a 100'],
    ['one', 'one'],
    ['ones', 'ones'],
    // arabic integers go through Fraction(): leading zeros and ".0" disappear
    ['007', '7'],
    ['3.0', '3'],
    // an arabic 0 is falsy in Python's `value or ""`
    ['0 point 5', '.5'],
    // only "eight" + "h" is special-cased, so "ninth" is not an ordinal
    ['the ninth', 'the ninth'],
    // "and a half" only after a number word or multiplier
    ['2 and a half', '2 and a half'],
    // a prefix waiting for a number attaches to the next word
    ['plus and', '+and'],
    // Python ints are unbounded
    ['one decillion', `1${'0'.repeat(33)}`],
    ['twenty three quadrillion four hundred', '23000000000000400'],
    ["He won't go", 'he will not go'],
    ["I've been colouring", 'i have been coloring'],
    ["It's 5 o'clock", 'it is 50 clock'],
    ['Hmm, uh, I mean it', 'i mean it'],
    ['[laughs] (applause) hello <unk>', 'hello'],
    ['Mr. Smith paid 10%.', 'mister smith paid 10%'],
    ['mister smith paid ten percent', 'mister smith paid 10%'],
    // the spelling table maps "archaeology" to "archeology</span>" upstream, and so do we
    ['archaeology', 'archeology</span>'],
    // not trimmed: removed symbols can leave a space at either end
    ['hello %', 'hello '],
    ['$ 5', ' 5'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEnglish(input)).toBe(expected);
  });
});

describe('normalizeEnglish: Python regular-expression semantics on Unicode text', () => {
  it('treats non-ASCII letters as word characters for \\b', () => {
    // Python's \b sees no boundary inside "émr"; JavaScript's ASCII \b would expand "mr" to "mister".
    expect(normalizeEnglish('émr')).toBe('emr');
  });

  it('reads non-ASCII decimal digits as Python does', () => {
    expect(normalizeEnglish('٣ million')).toBe('3000000'); // Arabic-Indic three
    expect(normalizeEnglishNumbers('point 𝟗 thousand')).toBe('900'); // a digit outside the BMP
  });

  it("collapses Python's whitespace set, not JavaScript's", () => {
    expect(normalizeEnglish('a\u001cb')).toBe('a b'); // information separator: space in Python
    expect(normalizeEnglish('a\u00a0b')).toBe('a b');
    expect(normalizeEnglish('a\ufeffb')).toBe('a\ufeffb'); // BOM: not a space in Python
  });

  it('decomposes compatibility characters before removing symbols', () => {
    expect(normalizeEnglish('½')).toBe('one 2'); // NFKD "1⁄2", fraction slash → space
    expect(normalizeEnglish('Café naïve Straße Œuvre Øresund')).toBe('cafe naive strasse oeuvre oresund');
  });
});

describe('removeSymbolsAndDiacritics', () => {
  it('drops diacritics, spells out undecomposable letters, and blanks symbols outside `keep`', () => {
    expect(removeSymbolsAndDiacritics('Ærø, café & $5!')).toBe('AEro  cafe    5 ');
    expect(removeSymbolsAndDiacritics('Ærø, café & $5!', '$')).toBe('AEro  cafe   $5 ');
  });
});
