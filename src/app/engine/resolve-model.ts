import type { ModelOptions } from '../../inference-worker/api';
import { DEFAULT_MODELS } from '../../inference-worker/asr/model-catalog';
import type { UrlModelRequest } from './url-options';

/**
 * Turns the URL's request into the worker's ModelOptions. A forced device is passed through;
 * otherwise `device` stays undefined (the worker picks) and, when no model is named, the
 * default model is that of WebGPU if `detectWebGpu` finds an adapter, else that of WASM.
 */
export async function resolveModelOptions(
  request: UrlModelRequest,
  detectWebGpu: () => Promise<boolean>,
): Promise<ModelOptions> {
  const { modelId, device } = request;
  if (modelId) return { modelId, device };
  if (device) return { modelId: DEFAULT_MODELS[device], device };
  const likelyDevice = (await detectWebGpu()) ? 'webgpu' : 'wasm';
  return { modelId: DEFAULT_MODELS[likelyDevice], device: undefined };
}
