import type { Device } from '../../inference-worker/asr/model-catalog';

/** What the page URL asks for, over the saved settings: `?model=<hf id>`, `?device=webgpu|wasm`, `?host=<model host>`. */
export interface UrlModelRequest {
  modelId?: string;
  device?: Device;
  host?: string;
}

/** The query parameter of each request field. */
export const URL_PARAMS: Readonly<Record<keyof UrlModelRequest, string>> = { modelId: 'model', device: 'device', host: 'host' };

/** Reads `?model=`, `?device=` and `?host=` from a query string; unknown devices are ignored. */
export function parseUrlOptions(search: string): UrlModelRequest {
  const params = new URLSearchParams(search);
  const read = (key: keyof UrlModelRequest) => params.get(URL_PARAMS[key])?.trim() || undefined;
  const device = read('device');
  return {
    modelId: read('modelId'),
    device: device === 'webgpu' || device === 'wasm' ? device : undefined,
    host: read('host'),
  };
}
