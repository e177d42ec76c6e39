import { describe, expect, it } from 'vitest';
import { languageOptions } from '../../../src/app/settings/language-options';
import { whisperVocabulary } from '../../../src/inference-worker/asr/whisper-vocabulary';
import { realWhisperFiles, TURBO } from '../../support/whisper-configs';

async function turboCodes(): Promise<string[]> {
  const { tokenizer, config } = await realWhisperFiles(TURBO);
  return whisperVocabulary((token) => tokenizer.convert_tokens_to_ids(token), config).languages.map((l) => l.code);
}

describe('languageOptions (the Language setting\'s list) on turbo\'s 100 languages', () => {
  it('lists all 100 by name, sorted in the page\'s locale', async () => {
    const options = languageOptions(await turboCodes(), '', 'en');
    expect(options).toHaveLength(100);
    expect(options[0]).toEqual({ code: 'af', name: 'Afrikaans', englishName: 'Afrikaans' });
    expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('finds a language by English name, local name or code, ignoring case and accents', async () => {
    const codes = await turboCodes();
    expect(languageOptions(codes, 'germ', 'en').map((o) => o.code)).toEqual(['de']);
    expect(languageOptions(codes, 'deutsch', 'de').map((o) => o.code)).toEqual(['de']);
    expect(languageOptions(codes, 'GERMAN', 'de').map((o) => o.code)).toEqual(['de']); // the English name on a German page
    expect(languageOptions(codes, 'maori', 'en').map((o) => o.name)).toEqual(['Māori']);
    expect(languageOptions(codes, 'yue', 'en').map((o) => o.name)).toEqual(['Cantonese']);
    expect(languageOptions(codes, 'no such language', 'en')).toEqual([]);
  });

  it('names languages in the page\'s locale, with the English name kept for search', async () => {
    const [japanese] = languageOptions(await turboCodes(), 'japanese', 'ja');
    expect(japanese).toEqual({ code: 'ja', name: '日本語', englishName: 'Japanese' });
  });
});
