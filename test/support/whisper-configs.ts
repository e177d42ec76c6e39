import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { SHARED_DIR } from '../../src/node/node-recognizer';
import type { WhisperGenerationConfig } from '../../src/inference-worker/asr/whisper-vocabulary';

/** The real production configs (no weights) in ../shared/models/configs-only, by model id. */
export const CONFIGS_ONLY = resolve(SHARED_DIR, 'models', 'configs-only');
export const TURBO = 'onnx-community/whisper-large-v3-turbo';
export const TINY = 'onnx-community/whisper-tiny';
export const BASE = 'Xenova/whisper-base';
export const BASE_EN = 'Xenova/whisper-base.en';
export const TINY_EN = 'Xenova/whisper-tiny.en';

/** A model's real tokenizer (transformers.js) and generation config, from configs-only. */
export async function realWhisperFiles(modelId: string): Promise<{ tokenizer: PreTrainedTokenizer; config: WhisperGenerationConfig }> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = CONFIGS_ONLY + '/';
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const config = JSON.parse(readFileSync(resolve(CONFIGS_ONLY, modelId, 'generation_config.json'), 'utf8')) as WhisperGenerationConfig;
  return { tokenizer, config };
}

