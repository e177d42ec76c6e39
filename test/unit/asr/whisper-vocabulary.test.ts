import { describe, expect, it } from 'vitest';
import { languageName, languageToken, whisperVocabulary, type WhisperVocabulary } from '../../../src/inference-worker/asr/whisper-vocabulary';
import { BASE, BASE_EN, realWhisperFiles, TINY, TINY_EN, TURBO } from '../../support/whisper-configs';

/** The vocabulary of a configs-only model, read through its real transformers.js tokenizer. */
async function vocabularyOf(modelId: string): Promise<WhisperVocabulary> {
  const { tokenizer, config } = await realWhisperFiles(modelId);
  return whisperVocabulary((token) => tokenizer.convert_tokens_to_ids(token), config);
}

const SPECIALS_AFTER_LANGUAGES = ['translate', 'transcribe', 'startOfPrev', 'noSpeech', 'noTimestamps', 'timestampBegin'] as const;

describe('whisperVocabulary on the real tokenizers and generation configs', () => {
  it('turbo: 100 languages ending in <|yue|>, <|nospeech|>, every special after the languages one above whisper-tiny', async () => {
    const turbo = await vocabularyOf(TURBO);
    const tiny = await vocabularyOf(TINY);
    expect(turbo.multilingual).toBe(true);
    expect(turbo.languages).toHaveLength(100);
    expect(tiny.languages).toHaveLength(99);
    expect(turbo.languages.at(-1)).toEqual({ code: 'yue', token: 50358 });
    expect(languageToken(tiny, 'yue')).toBeUndefined();
    expect(turbo.languages.slice(0, 99)).toEqual(tiny.languages); // the 99 older languages keep their ids
    expect({ eot: turbo.endOfText, sot: turbo.startOfTranscript }).toEqual({ eot: 50257, sot: 50258 });
    expect({ eot: tiny.endOfText, sot: tiny.startOfTranscript }).toEqual({ eot: 50257, sot: 50258 });
    for (const key of SPECIALS_AFTER_LANGUAGES) expect(turbo[key], key).toBe(tiny[key] + 1);
    expect(turbo).toMatchObject({ translate: 50359, transcribe: 50360, startOfPrev: 50362, noSpeech: 50363, noTimestamps: 50364, timestampBegin: 50365 });
  });

  it('turbo\'s no-speech token is <|nospeech|>, the older models\' <|nocaptions|>; <|0.00|> follows <|notimestamps|>', async () => {
    for (const [modelId, noSpeech] of [[TURBO, '<|nospeech|>'], [TINY, '<|nocaptions|>'], [BASE, '<|nocaptions|>']] as const) {
      const { tokenizer } = await realWhisperFiles(modelId);
      const vocabulary = await vocabularyOf(modelId);
      expect(tokenizer.decode([vocabulary.noSpeech]), modelId).toBe(noSpeech);
      expect(tokenizer.decode([vocabulary.timestampBegin]), modelId).toBe('<|0.00|>');
      expect(tokenizer.decode([vocabulary.startOfPrev]), modelId).toBe('<|startofprev|>');
    }
  });

  it('whisper-base has whisper-tiny\'s vocabulary', async () => {
    expect(await vocabularyOf(BASE)).toEqual(await vocabularyOf(TINY));
  });

  it('English-only models: no languages, every special one below the multilingual models', async () => {
    for (const modelId of [TINY_EN, BASE_EN]) {
      const english = await vocabularyOf(modelId);
      expect(english.multilingual).toBe(false);
      expect(english.languages).toEqual([]);
      expect(english).toMatchObject({ endOfText: 50256, startOfTranscript: 50257, startOfPrev: 50360, noSpeech: 50361, noTimestamps: 50362, timestampBegin: 50363 });
    }
  });

  it('refuses a generation config that disagrees with the tokenizer, naming the token', async () => {
    const { tokenizer, config } = await realWhisperFiles(TINY);
    const lookup = (token: string) => tokenizer.convert_tokens_to_ids(token);
    // turbo's generation config with the older tokenizer: the ids after the languages disagree
    const { config: turboConfig } = await realWhisperFiles(TURBO);
    expect(() => whisperVocabulary(lookup, turboConfig)).toThrow(/<\|yue\|>|<\|notimestamps\|>/);
    expect(() => whisperVocabulary(lookup, { ...config, eos_token_id: 50256 })).toThrow('<|endoftext|> id 50257, its generation config 50256');
    expect(() => whisperVocabulary((token) => (token === '<|startofprev|>' ? undefined : lookup(token)), config)).toThrow('no <|startofprev|> token');
  });
});

describe('languageName', () => {
  it('names every language of turbo, Whisper\'s own codes included, in the asked locale', async () => {
    const turbo = await vocabularyOf(TURBO);
    for (const { code } of turbo.languages) expect(languageName(code), code).not.toBe(code);
    expect(languageName('yue')).toBe('Cantonese');
    expect(languageName('jw')).toBe('Javanese');
    expect(languageName('haw')).toBe('Hawaiian');
    expect(languageName('de', 'de')).toBe('Deutsch');
  });

  it('returns the code where ICU has no name, and for a malformed code', () => {
    expect(languageName('qqq')).toBe('qqq');
    expect(languageName('not a code')).toBe('not a code');
  });
});
