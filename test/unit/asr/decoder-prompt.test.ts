import { describe, expect, it } from 'vitest';
import { WhisperForConditionalGeneration } from '@huggingface/transformers';
import { carriedText, CARRIED_TEXT_CHARS, decoderPrefix, MAX_PROMPT_TOKENS, promptTokens, type WhisperTask } from '../../../src/inference-worker/asr/decoder-prompt';
import { whisperVocabulary } from '../../../src/inference-worker/asr/whisper-vocabulary';
import type { WhisperGenerationConfig } from '../../../src/inference-worker/asr/whisper-vocabulary';
import { BASE_EN, realWhisperFiles, TINY, TINY_EN, TURBO } from '../../support/whisper-configs';

async function load(modelId: string) {
  const { tokenizer, config } = await realWhisperFiles(modelId);
  const vocabulary = whisperVocabulary((token) => tokenizer.convert_tokens_to_ids(token), config);
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  return { tokenizer, config, vocabulary, encode };
}

/** transformers.js's own decoder prefix for a generation config (Hugging Face `_retrieve_init_tokens`), timestamps on. */
function transformersPrefix(config: WhisperGenerationConfig, options: { language?: string; task?: WhisperTask }): number[] {
  const retrieve = WhisperForConditionalGeneration.prototype._retrieve_init_tokens as (config: object) => number[];
  return retrieve.call({}, { ...config, ...options, return_timestamps: true });
}

describe('decoderPrefix on the real vocabularies', () => {
  it('multilingual: <|startoftranscript|> <|language|> <|task|>, as transformers.js builds it, for every language it knows', async () => {
    for (const modelId of [TURBO, TINY]) {
      const { config, vocabulary, tokenizer } = await load(modelId);
      for (const { code } of vocabulary.languages.filter((l) => l.code !== 'yue')) { // transformers.js 4.3 has no yue
        for (const task of ['transcribe', 'translate'] as const) {
          expect(decoderPrefix(vocabulary, { language: code, task }), `${modelId} ${code} ${task}`).toEqual(transformersPrefix(config, { language: code, task }));
        }
      }
      expect(tokenizer.decode(decoderPrefix(vocabulary, { language: 'de' }))).toBe('<|startoftranscript|><|de|><|transcribe|>');
    }
  });

  it('turbo\'s ids: German translate is 50258 50261 50359, Cantonese transcribe ends in 50358 50360', async () => {
    const { vocabulary } = await load(TURBO);
    expect(decoderPrefix(vocabulary, { language: 'de', task: 'translate' })).toEqual([50258, 50261, 50359]);
    expect(decoderPrefix(vocabulary, { language: 'yue' })).toEqual([50258, 50358, 50360]);
  });

  it('English-only: <|startoftranscript|> alone (timestamps on), as transformers.js builds it', async () => {
    for (const modelId of [TINY_EN, BASE_EN]) {
      const { config, vocabulary } = await load(modelId);
      expect(decoderPrefix(vocabulary)).toEqual(transformersPrefix(config, {}));
      expect(decoderPrefix(vocabulary, { language: 'de', task: 'translate' })).toEqual([50257]);
    }
  });

  it('a prompt goes between <|startofprev|> and <|startoftranscript|>, decoding to the prompt text', async () => {
    for (const modelId of [TURBO, TINY_EN]) {
      const { vocabulary, tokenizer, encode } = await load(modelId);
      const prompt = promptTokens(encode, { context: 'And so my fellow Americans' });
      const prefix = decoderPrefix(vocabulary, { language: 'en', promptTokens: prompt });
      const tail = vocabulary.multilingual ? '<|en|><|transcribe|>' : '';
      expect(tokenizer.decode(prefix), modelId).toBe(`<|startofprev|> And so my fellow Americans<|startoftranscript|>${tail}`);
      expect(prefix.indexOf(vocabulary.startOfTranscript)).toBe(prompt.length + 1);
    }
  });

  it('refuses what a decode cannot run: no language on a multilingual model, a language it lacks, a prompt over 223 tokens', async () => {
    const { vocabulary: tiny } = await load(TINY);
    expect(() => decoderPrefix(tiny)).toThrow('needs a language');
    expect(() => decoderPrefix(tiny, { language: 'yue' })).toThrow('does not know the language "yue"');
    expect(MAX_PROMPT_TOKENS).toBe(223);
    expect(() => decoderPrefix(tiny, { language: 'en', promptTokens: new Array(224).fill(400) })).toThrow('at most 223 tokens; this one has 224');
    expect(decoderPrefix(tiny, { language: 'en', promptTokens: new Array(223).fill(400) })).toHaveLength(1 + 223 + 3);
  });
});

describe('promptTokens with the real tokenizer', () => {
  it('encodes each text with one leading space, the custom vocabulary ahead of the carried context', async () => {
    const { encode, tokenizer } = await load(TINY_EN);
    const tokens = promptTokens(encode, { vocabulary: '  Sotto, Silero, LocalAgreement ', context: 'My fellow Americans.' });
    expect(tokens).toEqual([...encode(' Sotto, Silero, LocalAgreement'), ...encode(' My fellow Americans.')]);
    expect(tokenizer.decode(tokens)).toBe(' Sotto, Silero, LocalAgreement My fellow Americans.');
    expect(promptTokens(encode, { vocabulary: ' ', context: '' })).toEqual([]);
  });

  it('over 223 tokens the carried context loses its oldest tokens; the vocabulary stays whole', async () => {
    const { encode, tokenizer } = await load(TURBO);
    const context = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const tokens = promptTokens(encode, { vocabulary: 'Sotto', context });
    expect(tokens).toHaveLength(MAX_PROMPT_TOKENS);
    expect(tokens.slice(0, encode(' Sotto').length)).toEqual(encode(' Sotto'));
    expect(tokenizer.decode(tokens)).toMatch(/ word118 word119$/);
    expect(encode(' ' + context).length).toBeGreaterThan(MAX_PROMPT_TOKENS);
  });
});

describe('carriedText', () => {
  it('keeps whole words from the end until they reach 200 characters', () => {
    const finals = ['And so my fellow Americans, ask not what your country can do for you.', 'Ask what you can do for your country.'];
    expect(carriedText(finals)).toBe(finals.join(' ')); // 107 characters: all of it
    const long = Array.from({ length: 60 }, (_, i) => `w${String(i).padStart(3, '0')}`); // 4 characters + a space each
    const carried = carriedText([long.slice(0, 30).join(' '), long.slice(30).join(' ')]);
    expect(carried).toBe(long.slice(20).join(' ')); // 40 words × 5 = 200 characters
    expect(carried.length + 1).toBe(CARRIED_TEXT_CHARS);
    expect(carriedText([])).toBe('');
  });

  it('keeps the word that crosses the limit', () => {
    const carried = carriedText(['short', 'x'.repeat(250)]);
    expect(carried).toBe('x'.repeat(250));
  });
});
