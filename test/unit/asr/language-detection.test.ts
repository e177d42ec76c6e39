import { describe, expect, it } from 'vitest';
import { CONFIDENT_LANGUAGE_PROBABILITY, languageProbabilities, SessionLanguage, type LanguageProbability } from '../../../src/inference-worker/asr/language-detection';
import { languageToken, whisperVocabulary, type WhisperVocabulary } from '../../../src/inference-worker/asr/whisper-vocabulary';
import { realWhisperFiles, TINY_EN, TURBO } from '../../support/whisper-configs';

async function vocabularyOf(modelId: string): Promise<WhisperVocabulary> {
  const { tokenizer, config } = await realWhisperFiles(modelId);
  return whisperVocabulary((token) => tokenizer.convert_tokens_to_ids(token), config);
}

/** Logits over turbo's whole vocabulary (51866): `base` everywhere, the given tokens set. */
function logits(set: Record<number, number>, base = 0): Float32Array {
  const out = new Float32Array(51866).fill(base);
  for (const [token, value] of Object.entries(set)) out[Number(token)] = value;
  return out;
}

describe('languageProbabilities (openai/whisper detect_language) on turbo\'s language tokens', () => {
  it('is the softmax over the 100 language tokens alone: text and special tokens do not count, however high', async () => {
    const turbo = await vocabularyOf(TURBO);
    const de = languageToken(turbo, 'de')!;
    const fr = languageToken(turbo, 'fr')!;
    // German 2 nats above French, every other language far below; a text token and <|nospeech|> higher still.
    const probabilities = languageProbabilities(logits({ [de]: 10, [fr]: 8, 11: 50, [turbo.noSpeech]: 40 }, -30), turbo);
    expect(probabilities).toHaveLength(100);
    expect(probabilities.map((p) => p.code).slice(0, 2)).toEqual(['de', 'fr']);
    expect(probabilities[0].probability).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(probabilities.reduce((sum, p) => sum + p.probability, 0)).toBeCloseTo(1, 6);
  });

  it('reads <|yue|>, the language only large-v3 and turbo have', async () => {
    const turbo = await vocabularyOf(TURBO);
    const [top] = languageProbabilities(logits({ 50358: 5 }), turbo);
    expect(top.code).toBe('yue');
    expect(top.probability).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 99), 6);
  });

  it('stays finite for large logits (fp16 decoders reach the hundreds)', async () => {
    const turbo = await vocabularyOf(TURBO);
    const [top] = languageProbabilities(logits({ [languageToken(turbo, 'ja')!]: 900, [languageToken(turbo, 'zh')!]: 899 }), turbo);
    expect(top).toEqual({ code: 'ja', probability: expect.closeTo(1 / (1 + Math.exp(-1)), 6) });
  });

  it('refuses an English-only model and logits that do not cover the languages', async () => {
    const english = await vocabularyOf(TINY_EN);
    const turbo = await vocabularyOf(TURBO);
    expect(() => languageProbabilities(logits({}), english)).toThrow('English-only');
    expect(() => languageProbabilities(new Float32Array(50300), turbo)).toThrow('got 50300, the last language token is 50358');
  });
});

const detected = (code: string, probability: number, runnerUp = 'en'): LanguageProbability[] => [
  { code, probability },
  { code: runnerUp, probability: 1 - probability },
];

describe('SessionLanguage (Auto: keep a confidently detected language)', () => {
  it('before anything is confident, each utterance takes its most probable language', () => {
    const session = new SessionLanguage();
    expect(session.choose(detected('de', 0.6))).toBe('de');
    expect(session.choose(detected('nl', 0.55, 'de'))).toBe('nl');
  });

  it('a confident language is kept through short, unsure utterances, and replaced only by another confident one', () => {
    const session = new SessionLanguage();
    expect(session.choose(detected('de', 0.97))).toBe('de');
    expect(session.choose(detected('nl', 0.7, 'de'))).toBe('de'); // "Ja." or a name: unsure, stays German
    expect(session.choose(detected('en', CONFIDENT_LANGUAGE_PROBABILITY - 0.01, 'de'))).toBe('de');
    expect(session.choose(detected('en', CONFIDENT_LANGUAGE_PROBABILITY, 'de'))).toBe('en'); // clearly English now
    expect(session.choose(detected('de', 0.6, 'en'))).toBe('en');
  });

  it('reset forgets the session\'s language', () => {
    const session = new SessionLanguage();
    session.choose(detected('de', 0.95));
    session.reset();
    expect(session.choose(detected('fr', 0.5))).toBe('fr');
  });

  it('refuses an empty detection', () => {
    expect(() => new SessionLanguage().choose([])).toThrow('no languages');
  });
});
