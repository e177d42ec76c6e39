import { describe, expect, it } from 'vitest';
import { chooseLanguage, CONFIDENT_LANGUAGE_PROBABILITY, languageProbabilities, type LanguageProbability } from '../../../src/inference-worker/asr/language-detection';
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

describe('chooseLanguage (Auto: keep a confidently detected language)', () => {
  /** Runs a session: each detection chooses with the language held so far, and a confident choice is held. */
  function session(detections: LanguageProbability[][]): string[] {
    let held: string | null = null;
    return detections.map((probabilities) => {
      const chosen = chooseLanguage(probabilities, held);
      if (chosen.probability >= CONFIDENT_LANGUAGE_PROBABILITY) held = chosen.code;
      return chosen.code;
    });
  }

  it('before anything is confident, each utterance takes its most probable language', () => {
    expect(session([detected('de', 0.6), detected('nl', 0.55, 'de')])).toEqual(['de', 'nl']);
  });

  it('a confident language is kept through unsure utterances, and replaced only by another confident one', () => {
    const below = CONFIDENT_LANGUAGE_PROBABILITY - 0.01;
    expect(session([
      detected('de', 0.97),
      detected('nl', 0.7, 'de'), // "Ja." or a name: unsure, stays German
      detected('en', below, 'de'),
      detected('en', CONFIDENT_LANGUAGE_PROBABILITY, 'de'), // clearly English now
      detected('de', 0.6, 'en'),
    ])).toEqual(['de', 'de', 'de', 'en', 'en']);
  });

  it('reports this utterance\'s probability of the held language it keeps (0 when detection left it out)', () => {
    expect(chooseLanguage(detected('nl', 0.7, 'de'), 'de')).toEqual({ code: 'de', probability: expect.closeTo(0.3, 9) });
    expect(chooseLanguage(detected('nl', 0.7, 'fr'), 'de')).toEqual({ code: 'de', probability: 0 });
  });

  it('refuses an empty detection', () => {
    expect(() => chooseLanguage([], null)).toThrow('no languages');
  });
});
