import type { ModelOptions } from '../../inference-worker/api';
import { defaultModelFor, type Device } from '../../inference-worker/asr/model-catalog';
import { chooseDevice, type WebGpuProfile } from '../../inference-worker/webgpu';

/** A model request (URL parameters over saved settings) with the model host already normalized. */
export interface ModelRequest {
  modelId?: string;
  device?: Device;
  host: string;
}

/**
 * Turns a request into the worker's ModelOptions. A forced device is passed through;
 * otherwise `device` stays undefined (the worker picks, by the same `chooseDevice`). When no
 * model is named, the default is `defaultModelFor` the device `chooseDevice` gives for the
 * adapter `detectWebGpu` finds (WASM on a software adapter or none, unless WebGPU is forced);
 * on WebGPU it depends on the adapter (turbo needs `shader-f16`). A `detectWebGpu` that
 * rejects counts as no adapter.
 */
export async function resolveModelOptions(request: ModelRequest, detectWebGpu: () => Promise<WebGpuProfile | null>): Promise<ModelOptions> {
  const { modelId, device, host } = request;
  if (modelId) return { modelId, device, host };
  const gpu = device === 'wasm' ? null : await detectWebGpu().catch(() => null);
  return { modelId: defaultModelFor(chooseDevice(device, gpu), gpu), device, host };
}
