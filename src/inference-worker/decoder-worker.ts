/// <reference lib="webworker" />
/**
 * The Whisper decoder thread. It runs transformers.js (WebGPU or WASM) apart from the
 * inference worker, so the VAD there keeps deciding on every 32 ms frame while a decode is
 * in flight. Model files come from the IndexedDB model store, downloaded into it first when
 * missing. Exposed with Comlink as {@link DecoderWorkerApi}.
 */
import * as Comlink from 'comlink';
import { env } from '@huggingface/transformers';
import { loadWhisperTranscriber, type WhisperTranscriber } from './asr/whisper-transcriber';
import { defaultModelFor, dtypeFor, runsOn, whisperFiles, type Device } from './asr/model-catalog';
import { readModelFromStore } from './asr/model-source';
import type { ModelOptions } from './api';
import type { EngineEvent } from './protocol';
import type { DecodeOptions, Transcription } from './asr/transcriber';
import { ORT_WASM_PATHS } from './assets';
import { chooseDevice, detectWebGpu } from './webgpu';
import { ensureModelFiles } from '../model-store/ensure-model';
import { openModelStore } from '../model-store/file-store';
import { holdLifeLock } from '../shared/life-lock';

export interface LoadedModel {
  modelId: string;
  device: Device;
  dtype: string;
  /** Set when the requested device or model could not be used and another was loaded. */
  fallbackReason?: string;
  /** Wall time of the warm-up decode of 1 s of silence the load ends with, ms. */
  warmUpMs: number;
  /** The model's Whisper language codes (`generation_config.lang_to_id`); empty for English-only models. */
  languages?: string[];
}

/** The model revision Sotto loads. */
const REVISION = 'main';

/** One second of silence: decoded once after loading to compile shaders and warm caches. */
const WARM_UP_AUDIO = new Float32Array(16000);

const store = openModelStore();
let transcriber: WhisperTranscriber | null = null;

const api = {
  /**
   * Holds the Web Lock `name` for this thread's life (`shared/life-lock.ts`): the inference
   * worker's request for it is granted when this thread ends, which is how its death is found.
   * Resolves once the lock is held.
   */
  holdLifeLock,

  /**
   * Loads the model on the requested device, else on the one `chooseDevice` picks (WASM on a
   * software adapter); a failed WebGPU load falls back to WASM (with the WASM default model when the
   * requested one cannot run there). Before each load the model's files for that device are
   * checked in the model store and the missing ones downloaded from `options.host`. Emits
   * `progress` while downloading, `error` (`model-file-damaged`) for a stored file that had
   * to be fetched again, and `model` when warming up. Ends with a warm-up decode. Once a
   * WebGPU load succeeded, `onDeviceLost` gets the reason if ONNX Runtime's GPU device is lost.
   * @throws DownloadError or StorageFullError (by name) when the files cannot be stored, or
   *   Error with transformers.js's message when no device could load the model.
   */
  async load(options: ModelOptions, onEvent: (event: EngineEvent) => void, onDeviceLost: (reason: string) => void = () => {}): Promise<LoadedModel> {
    configureRuntime();
    const gpu = options.device === 'wasm' ? null : await detectWebGpu();
    const attempts: { modelId: string; device: Device }[] = [];
    // A model this adapter cannot run (turbo without shader-f16) is never downloaded: the adapter's default loads instead.
    if (gpu && chooseDevice(options.device, gpu) === 'webgpu') attempts.push({ modelId: runsOn(options.modelId, 'webgpu', gpu) ? options.modelId : defaultModelFor('webgpu', gpu), device: 'webgpu' });
    if (options.device !== 'webgpu') {
      attempts.push({ modelId: runsOn(options.modelId, 'wasm') ? options.modelId : defaultModelFor('wasm', null), device: 'wasm' });
    }
    if (attempts.length === 0) throw new Error('WebGPU was requested but this browser offers no WebGPU adapter.');
    let firstError: unknown = null;
    for (const { modelId, device } of attempts) {
      const dtypes = { ...dtypeFor(modelId, device, { shaderF16: gpu?.shaderF16 ?? false }), ...options.dtypes };
      const location = { modelId, revision: REVISION, host: options.host };
      const damaged = (file: string, reason: string) =>
        onEvent({
          type: 'error',
          code: 'model-file-damaged',
          message: `${file} of ${modelId} failed its integrity check (${reason}). It was deleted and is being downloaded again.`,
        });
      // Not a device failure: a model that cannot be stored fails the load on every device.
      const ensure = () => ensureModelFiles({ store, ...location, files: whisperFiles(dtypes), onProgress: (progress) => onEvent({ type: 'progress', ...progress }), onDamaged: damaged });
      await ensure();
      try {
        // Content is checked as it is read: a damaged file fails the load, is fetched again, and the load is retried once.
        let foundDamage = false;
        readModelFromStore(store, location, (error) => {
          foundDamage = true;
          damaged(error.file, error.reason);
        });
        transcriber = await loadWhisperTranscriber({ modelId, device, dtype: dtypes }).catch(async (error: unknown) => {
          if (!foundDamage) throw error;
          await ensure();
          return loadWhisperTranscriber({ modelId, device, dtype: dtypes });
        });
        onEvent({
          type: 'model',
          modelId,
          device,
          dtype: '',
          note: device === 'webgpu' ? 'Compiling WebGPU shaders: the first run takes up to 30 s.' : 'Warming up…',
        });
        const warmUpStarted = performance.now();
        await transcriber.transcribe(WARM_UP_AUDIO);
        const warmUpMs = performance.now() - warmUpStarted;
        if (device === 'webgpu') void watchDeviceLoss(onDeviceLost);
        const fallbackReason = firstError ? `WebGPU failed (${describe(firstError)}); using WASM.` : undefined;
        const languages = transcriber.vocabulary.languages.map((language) => language.code);
        return { modelId, device, dtype: `encoder ${dtypes.encoder_model}, decoder ${dtypes.decoder_model_merged}`, fallbackReason, warmUpMs, languages };
      } catch (error) {
        firstError ??= error;
      }
    }
    throw firstError;
  },

  /**
   * Decodes 16 kHz mono audio (≤ 30 s), verifying `options.draft` when given (`asr/whisper-decoder.ts`).
   * @throws Error when called before `load` succeeded, or when inference fails.
   */
  async transcribe(audio: Float32Array, options?: DecodeOptions): Promise<Transcription> {
    if (!transcriber) throw new Error('Whisper is not loaded');
    return transcriber.transcribe(audio, options);
  },
};

export type DecoderWorkerApi = typeof api;

/** ONNX Runtime's wasm from our own origin; as many threads as cross-origin isolation allows. */
function configureRuntime(): void {
  const wasm = env.backends.onnx.wasm!;
  wasm.wasmPaths = { ...ORT_WASM_PATHS };
  wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

/**
 * Reports the loss of the GPU device ONNX Runtime's WebGPU backend decodes on (WebGPU
 * `GPUDevice.lost`: a driver reset, a screen lock, `destroy()`); every later decode on it fails.
 */
async function watchDeviceLoss(onDeviceLost: (reason: string) => void): Promise<void> {
  const device = (await env.backends.onnx.webgpu?.device) as GPUDevice | undefined;
  const info = await device?.lost;
  if (info) onDeviceLost(`the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

Comlink.expose(api);
