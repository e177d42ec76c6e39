import type { Device, GpuFeatures } from './asr/model-catalog';

/** What Sotto needs to know of a WebGPU adapter: its features for the model catalog, and whether it is a GPU at all. */
export interface WebGpuProfile extends GpuFeatures {
  /**
   * Whether the adapter is a fallback adapter: one the WebGPU spec allows to have "significant
   * performance caveats" (`GPUAdapterInfo.isFallbackAdapter`), in practice a software
   * renderer that runs on the CPU, such as SwiftShader. Whisper is faster on WASM there.
   */
  fallbackAdapter: boolean;
  /**
   * The adapter's name, for people: the software renderer its info names (`SwiftShader`,
   * `llvmpipe`, `lavapipe`), else its `description`, else its `vendor` and `architecture`;
   * '' when the browser reports none of them.
   */
  name: string;
}

/** Software renderers that WebGPU adapters are built on, as their adapter info names them (case aside). */
const SOFTWARE_RENDERERS = ['SwiftShader', 'llvmpipe', 'lavapipe'] as const;

/**
 * An adapter as any WebGPU browser may hand it out: `info` arrived in Chrome 127 (before it,
 * `requestAdapterInfo()`), and `isFallbackAdapter` moved from `GPUAdapter` to
 * `GPUAdapterInfo` in the spec in 2024, so either may be missing.
 */
type AnyGpuAdapter = Pick<GPUAdapter, 'features'> & {
  info?: Partial<GPUAdapterInfo>;
  isFallbackAdapter?: boolean;
};

/**
 * Profiles this browser's default WebGPU adapter (`navigator.gpu.requestAdapter()`).
 * Whether it is a fallback adapter comes from `adapter.info.isFallbackAdapter` (WebGPU spec,
 * GPUAdapterInfo), else from the older `adapter.isFallbackAdapter`, and where the browser
 * has neither, from its `info.vendor`, `info.architecture` or `info.description` naming a
 * software renderer (Chromium 156 on SwiftShader: vendor `google`, architecture `swiftshader`).
 * @returns the profile, or null when the browser has no WebGPU, offers no adapter, or
 *   `requestAdapter` throws (never throws itself)
 */
export async function detectWebGpu(): Promise<WebGpuProfile | null> {
  if (!('gpu' in navigator)) return null;
  try {
    const adapter: AnyGpuAdapter | null = await navigator.gpu.requestAdapter();
    if (!adapter) return null;
    const { vendor = '', architecture = '', description = '', isFallbackAdapter } = adapter.info ?? {};
    const named = `${vendor} ${architecture} ${description}`.toLowerCase();
    const renderer = SOFTWARE_RENDERERS.find((name) => named.includes(name.toLowerCase()));
    return {
      shaderF16: adapter.features.has('shader-f16'),
      fallbackAdapter: isFallbackAdapter ?? adapter.isFallbackAdapter ?? renderer !== undefined,
      name: renderer ?? (description || `${vendor} ${architecture}`.trim()),
    };
  } catch {
    return null;
  }
}

/**
 * The device Sotto decodes on: the forced one (`?device=`, the Models panel's device setting)
 * when there is one, else WebGPU on a hardware adapter and WASM on a fallback (software)
 * adapter or none. The one rule of the automatic choice: the default model, the decoder
 * worker's load order and the Models panel all follow it. In Chromium 156 on SwiftShader one
 * decode of jfk.wav with whisper-tiny.en took 557 s on WebGPU and 7.8 s on WASM
 * (`docs/benchmarks.md`, "WebGPU on a software adapter").
 * @param forced the device asked for; undefined for the automatic choice
 * @param gpu the adapter's profile from {@link detectWebGpu}; null when there is none
 */
export function chooseDevice(forced: Device | undefined, gpu: WebGpuProfile | null): Device {
  return forced ?? (gpu && !gpu.fallbackAdapter ? 'webgpu' : 'wasm');
}
