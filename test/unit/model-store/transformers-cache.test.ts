import 'fake-indexeddb/auto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoProcessor, AutoTokenizer, env, ModelRegistry } from '@huggingface/transformers';
import { modelDirectory, SHARED_MODELS_DIR, startModelHost, type ModelHost } from '../../../scripts/model-host';
import { dtypeFor, MODEL_CATALOG, whisperFiles, type DtypeMap } from '../../../src/inference-worker/asr/model-catalog';
import { readModelFromStore } from '../../../src/inference-worker/asr/model-source';
import { loadWhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import { ensureModelFiles } from '../../../src/model-store/ensure-model';
import { openModelStore } from '../../../src/model-store/file-store';
import { normalizeHost } from '../../../src/model-store/model-host';
import { decodeWav } from '../../../src/audio-file/wav';
import { wordErrorRate } from '../../../src/evaluation/wer';
import { readManifest, sharedAudio } from '../../support/shared-data';

/**
 * transformers.js (the Node build, onnxruntime-node) reading models through the model store as
 * its custom cache, with the real production configs in ../shared/models/configs-only and the
 * real whisper-tiny.en weights, fetched from a local hub.
 */
const TURBO = 'onnx-community/whisper-large-v3-turbo';
const TINY_EN = 'Xenova/whisper-tiny.en';
const CONFIG_FILES = whisperFiles({ encoder_model: 'fp32', decoder_model_merged: 'fp32' }).filter((file) => !file.endsWith('.onnx'));

let hub: ModelHost;
let host: string;
beforeAll(async () => {
  hub = await startModelHost();
  host = normalizeHost(hub.url, 'http://localhost/');
});
afterAll(() => hub.close());

const ample = async () => ({ usage: 0, quota: 1e12 });

describe('transformers.js on the model store', () => {
  it('reads turbo\'s real configs from the store (128 mel bins, the v3 tokenizer) and stores a file it lacked', async () => {
    const store = openModelStore('transformers-test-turbo');
    const files = CONFIG_FILES.filter((file) => file !== 'tokenizer.json');
    await ensureModelFiles({ store, modelId: TURBO, files, host, estimate: ample });
    hub.log.length = 0;
    readModelFromStore(store, { modelId: TURBO, revision: 'main', host }, (error) => {
      throw error;
    });

    const processor = await AutoProcessor.from_pretrained(TURBO);
    expect(processor.feature_extractor!.config.feature_size).toBe(128);
    const { input_features } = await processor(new Float32Array(16000));
    expect(input_features.dims).toEqual([1, 128, 3000]);
    const tokenizer = await AutoTokenizer.from_pretrained(TURBO);
    expect(tokenizer.convert_tokens_to_ids(['<|yue|>', '<|transcribe|>'])).toEqual([50358, 50360]); // yue: new in v3
    // Only the missing tokenizer.json came from the host; the cache's put stored it whole.
    expect(new Set(hub.log.map((r) => r.file))).toEqual(new Set(['tokenizer.json']));
    const stored = await store.getEntry({ modelId: TURBO, revision: 'main', file: 'tokenizer.json' });
    expect(stored).toMatchObject({ complete: true, size: statSync(join(modelDirectory(TURBO)!, 'tokenizer.json')).size });
  });

  it('loads the speech pipeline from the store alone, reading exactly whisperFiles, and transcribes jfk.wav', async () => {
    const store = openModelStore('transformers-test-tiny');
    const dtypes = dtypeFor(TINY_EN, 'wasm', null);
    await ensureModelFiles({ store, modelId: TINY_EN, files: whisperFiles(dtypes), host, estimate: ample });
    hub.log.length = 0;
    readModelFromStore(store, { modelId: TINY_EN, revision: 'main', host }, (error) => {
      throw error;
    });
    const cache = env.customCache!;
    const asked = new Set<string>();
    const base = `${hub.url}${TINY_EN}/resolve/main/`;
    env.customCache = { put: cache.put, match: (key: string) => (key.startsWith(base) && asked.add(key.slice(base.length)), cache.match(key)) };

    const whisper = await loadWhisperTranscriber({ modelId: TINY_EN, device: 'cpu', dtype: dtypes });
    try {
      expect([...asked].sort()).toEqual(whisperFiles(dtypes).sort());
      expect(hub.log).toEqual([]);
      const { samples } = decodeWav(readFileSync(sharedAudio('dev/jfk.wav')));
      const { text } = await whisper.transcribe(samples);
      const reference = readManifest('dev.tsv').find((entry) => entry.path.endsWith('/jfk.wav'))!.reference;
      expect(wordErrorRate(reference, text).wer).toBe(0);
    } finally {
      await whisper.dispose();
    }
  });

  it('whisperFiles lists the files transformers.js\'s own registry names, for every real config', async () => {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.useCustomCache = false;
    env.localModelPath = `${join(SHARED_MODELS_DIR, 'configs-only')}/`;
    for (const modelId of [TINY_EN, 'Xenova/whisper-base', 'Xenova/whisper-base.en', 'onnx-community/whisper-tiny', TURBO]) {
      const devices = MODEL_CATALOG.find((m) => m.id === modelId)?.devices ?? { webgpu: dtypeFor(modelId, 'webgpu', null), wasm: dtypeFor(modelId, 'wasm', null) };
      for (const dtypes of Object.values(devices) as DtypeMap[]) {
        // transformers.js's registry looks the encoder's precision up under its session key, `model`.
        const listed = await ModelRegistry.get_pipeline_files('automatic-speech-recognition', modelId, { dtype: { model: dtypes.encoder_model, ...dtypes } as never });
        expect(listed.sort(), `${modelId} ${JSON.stringify(dtypes)}`).toEqual(whisperFiles(dtypes).sort());
      }
    }
  });

  it('the catalog\'s languages agree with the real generation configs', () => {
    for (const model of MODEL_CATALOG) {
      const dir = modelDirectory(model.id)!;
      if (!existsSync(join(dir, 'generation_config.json'))) continue; // no config in ../shared
      const { is_multilingual } = JSON.parse(readFileSync(join(dir, 'generation_config.json'), 'utf8'));
      expect(model.languages, model.id).toBe(is_multilingual ? 'multilingual' : 'en');
    }
  });
});
