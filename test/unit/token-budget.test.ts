import { describe, expect, it } from 'vitest';
import { AutoTokenizer } from '@huggingface/transformers';
import { tokenBudget } from '../../src/inference-worker/asr/whisper-transcriber';
import { readWavFile } from '../../src/audio-file/read-wav-file';
import { DEFAULT_MODEL_DIR } from '../../src/node/node-recognizer';
import { readManifest } from '../support/shared-data';

/** Whisper's decoder context holds 448 tokens; a decode must leave room for its prompt. */
const WHISPER_TEXT_CONTEXT = 448;

describe('tokenBudget (max_new_tokens per decode)', () => {
  it('leaves twice the tokens real speech needs, for every clip and any 30 s of the long streams', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(DEFAULT_MODEL_DIR, { local_files_only: true });
    const count = (text: string) => tokenizer.encode(` ${text}`, { add_special_tokens: false }).length;
    for (const { path, reference } of readManifest('dev.tsv')) {
      const { samples, sampleRate } = await readWavFile(path);
      expect(tokenBudget(samples.length / sampleRate), path).toBeGreaterThanOrEqual(2 * count(reference));
    }
    for (const { path, reference } of readManifest('long.tsv')) {
      const { samples, sampleRate } = await readWavFile(path);
      const tokensPerSecond = count(reference) / (samples.length / sampleRate);
      expect(tokenBudget(30), path).toBeGreaterThanOrEqual(2 * tokensPerSecond * 30);
    }
  });

  it('grows with the audio and stops at openai/whisper\'s 224, inside the 448-token context', () => {
    expect(tokenBudget(0.4)).toBeLessThan(tokenBudget(6));
    expect(tokenBudget(30)).toBe(224);
    expect(tokenBudget(30)).toBeLessThan(WHISPER_TEXT_CONTEXT);
  });
});
