import type { ModelOptions } from '../../inference-worker/api';
import { defaultModelFor, type Device, type GpuFeatures } from '../../inference-worker/asr/model-catalog';

/** A model request (URL parameters over saved settings) with the model host already normalized. */
export interface ModelRequest {
  modelId?: string;
  device?: Device;
  host: string;
}

/**
 * Turns a request into the worker's ModelOptions. A forced device is passed through;
 * otherwise `device` stays undefined (the worker picks). When no model is named, the default
 * is `defaultModelFor` the forced device, or for WebGPU if `detectWebGpu` finds an adapter,
 * else for WASM; on WebGPU it depends on the adapter (turbo needs `shader-f16`).
 */
export async function resolveModelOptions(request: ModelRequest, detectWebGpu: () => Promise<GpuFeatures | null>): Promise<ModelOptions> {
  const { modelId, device, host } = request;
  if (modelId) return { modelId, device, host };
  const gpu = device === 'wasm' ? null : await detectWebGpu().catch(() => null);
  const likelyDevice = device ?? (gpu ? 'webgpu' : 'wasm');
  return { modelId: defaultModelFor(likelyDevice, gpu), device, host };
}
