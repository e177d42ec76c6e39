import type { Device } from '../../inference-worker/asr/model-catalog';

/** What the page URL asks for: `?model=<hf id>` and `?device=webgpu|wasm`. */
export interface UrlModelRequest {
  modelId?: string;
  device?: Device;
}

/** Reads `?model=` and `?device=` from a query string; unknown devices are ignored. */
export function parseUrlOptions(search: string): UrlModelRequest {
  const params = new URLSearchParams(search);
  const modelId = params.get('model')?.trim() || undefined;
  const device = params.get('device');
  return {
    modelId,
    device: device === 'webgpu' || device === 'wasm' ? device : undefined,
  };
}
