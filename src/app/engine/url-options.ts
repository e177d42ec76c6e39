import type { Device } from '../../inference-worker/asr/model-catalog';

/**
 * What the page URL asks for, over the saved settings: `?model=<hf id>`, `?device=webgpu|wasm`,
 * `?host=<model host>`, `?partials=on|off`.
 */
export interface UrlModelRequest {
  modelId?: string;
  device?: Device;
  host?: string;
  partials?: boolean;
}

/** The query parameter of each request field. */
export const URL_PARAMS: Readonly<Record<keyof UrlModelRequest, string>> = { modelId: 'model', device: 'device', host: 'host', partials: 'partials' };

/** Reads `?model=`, `?device=`, `?host=` and `?partials=` from a query string; unknown devices and partials values are ignored. */
export function parseUrlOptions(search: string): UrlModelRequest {
  const params = new URLSearchParams(search);
  const read = (key: keyof UrlModelRequest) => params.get(URL_PARAMS[key])?.trim() || undefined;
  const device = read('device');
  const partials = read('partials');
  return {
    modelId: read('modelId'),
    device: device === 'webgpu' || device === 'wasm' ? device : undefined,
    host: read('host'),
    partials: partials === 'on' ? true : partials === 'off' ? false : undefined,
  };
}
