import type { ModelOptions } from '../../inference-worker/api';
import { DEFAULT_MODELS, type Device } from '../../inference-worker/asr/model-catalog';

/** A model request (URL parameters over saved settings) with the model host already normalized. */
export interface ModelRequest {
  modelId?: string;
  device?: Device;
  host: string;
}

/**
 * Turns a request into the worker's ModelOptions. A forced device is passed through;
 * otherwise `device` stays undefined (the worker picks) and, when no model is named, the
 * default model is that of WebGPU if `detectWebGpu` finds an adapter, else that of WASM.
 */
export async function resolveModelOptions(request: ModelRequest, detectWebGpu: () => Promise<unknown>): Promise<ModelOptions> {
  const { modelId, device, host } = request;
  if (modelId) return { modelId, device, host };
  if (device) return { modelId: DEFAULT_MODELS[device], device, host };
  const likelyDevice = (await detectWebGpu().catch(() => null)) ? 'webgpu' : 'wasm';
  return { modelId: DEFAULT_MODELS[likelyDevice], device: undefined, host };
}
