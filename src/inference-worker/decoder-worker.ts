/// <reference lib="webworker" />
/**
 * The Whisper decoder thread. It runs transformers.js (WebGPU or WASM) apart from the
 * inference worker, so the VAD there keeps deciding on every 32 ms frame while a decode is
 * in flight. Exposed with Comlink as {@link DecoderWorkerApi}.
 */
import * as Comlink from 'comlink';
import { env, type ProgressInfo } from '@huggingface/transformers';
import { loadWhisperTranscriber, type WhisperTranscriber } from './asr/whisper-transcriber';
import { DEFAULT_MODELS, dtypeFor, runsOn, type Device } from './asr/model-catalog';
import type { ModelOptions } from './api';
import type { Transcription } from './asr/transcriber';
import { ORT_WASM_PATHS, MODELS_PATH } from './assets';

export interface LoadedModel {
  modelId: string;
  device: Device;
  dtype: string;
  /** Set when the requested device or model could not be used and another was loaded. */
  fallbackReason?: string;
}

/** One second of silence: decoded once after loading to compile shaders and warm caches. */
const WARM_UP_AUDIO = new Float32Array(16000);

let transcriber: WhisperTranscriber | null = null;

const api = {
  /**
   * Loads the model on the requested device, or on WebGPU when an adapter exists and WASM
   * otherwise; a failed WebGPU load falls back to WASM (with the WASM default model when the
   * requested one cannot run there). Ends with a warm-up decode.
   * @throws Error with transformers.js's message when no device could load the model.
   */
  async load(options: ModelOptions, onProgress: (info: ProgressInfo) => void, onWarmUp: (modelId: string, device: Device) => void): Promise<LoadedModel> {
    configureEnvironment();
    const gpu = options.device === 'wasm' ? null : await webGpuInfo();
    const attempts: { modelId: string; device: Device }[] = [];
    if (gpu) attempts.push({ modelId: options.modelId, device: 'webgpu' });
    if (options.device !== 'webgpu') {
      attempts.push({ modelId: runsOn(options.modelId, 'wasm') ? options.modelId : DEFAULT_MODELS.wasm, device: 'wasm' });
    }
    if (attempts.length === 0) throw new Error('WebGPU was requested but this browser offers no WebGPU adapter.');
    let firstError: unknown = null;
    for (const { modelId, device } of attempts) {
      try {
        const dtypes = dtypeFor(modelId, device, { shaderF16: gpu?.shaderF16 ?? false });
        transcriber = await loadWhisperTranscriber({ modelId, device, dtype: dtypes, onProgress });
        onWarmUp(modelId, device);
        await transcriber.transcribe(WARM_UP_AUDIO);
        const fallbackReason = firstError ? `WebGPU failed (${describe(firstError)}); using WASM.` : undefined;
        return { modelId, device, dtype: `encoder ${dtypes.encoder_model}, decoder ${dtypes.decoder_model_merged}`, fallbackReason };
      } catch (error) {
        firstError ??= error;
      }
    }
    throw firstError;
  },

  /**
   * Decodes 16 kHz mono audio (≤ 30 s).
   * @throws Error when called before `load` succeeded, or when inference fails.
   */
  async transcribe(audio: Float32Array): Promise<Transcription> {
    if (!transcriber) throw new Error('Whisper is not loaded');
    return transcriber.transcribe(audio);
  },
};

export type DecoderWorkerApi = typeof api;

/** transformers.js: self-hosted models first (`/models/<id>/`), ORT's wasm from our own origin. */
function configureEnvironment(): void {
  env.allowLocalModels = true;
  env.localModelPath = MODELS_PATH;
  env.allowRemoteModels = true;
  const wasm = env.backends.onnx.wasm!;
  wasm.wasmPaths = { ...ORT_WASM_PATHS };
  wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

async function webGpuInfo(): Promise<{ shaderF16: boolean } | null> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { shaderF16: adapter.features.has('shader-f16') } : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

Comlink.expose(api);
