import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseDevice, detectWebGpu } from '../../src/inference-worker/webgpu';
import { resolveModelOptions } from '../../src/app/engine/resolve-model';

const HOST = 'https://huggingface.co/{model}/resolve/{revision}/';
const TURBO = 'onnx-community/whisper-large-v3-turbo';
const BASE = 'onnx-community/whisper-base';

/** A stubbed `navigator.gpu` whose `requestAdapter` returns `adapter`, or rejects with it when it is an Error. */
function offerAdapter(adapter: object | Error | null): void {
  vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => (adapter instanceof Error ? Promise.reject(adapter) : adapter) } });
}

/** An adapter as `requestAdapter` gives it: its features, and `info` and `isFallbackAdapter` when given. */
function adapter(features: string[], more: { info?: Partial<GPUAdapterInfo>; isFallbackAdapter?: boolean } = {}): object {
  return { features: new Set(features), ...more };
}

/** What the app does with this browser's adapter: the automatic and the forced device, and the default model. */
async function choice() {
  const gpu = await detectWebGpu();
  return {
    gpu,
    automatic: chooseDevice(undefined, gpu),
    forced: chooseDevice('webgpu', gpu),
    defaults: await resolveModelOptions({ host: HOST }, detectWebGpu),
  };
}

/** Chromium 156's SwiftShader adapter (`--enable-unsafe-webgpu`, headless, this sandbox). */
const CHROMIUM_SWIFTSHADER_INFO = { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('automatic device choice by WebGPU adapter', () => {
  it('takes WebGPU and turbo on a GPU with shader-f16', async () => {
    offerAdapter(adapter(['shader-f16'], { info: { vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false } }));
    const { gpu, automatic, defaults } = await choice();
    expect(gpu).toEqual({ shaderF16: true, fallbackAdapter: false, name: 'nvidia ampere' });
    expect(automatic).toBe('webgpu');
    expect(defaults).toEqual({ modelId: TURBO, device: undefined, host: HOST });
  });

  it('takes WebGPU and whisper-base on a GPU without shader-f16', async () => {
    offerAdapter(adapter([], { info: { vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics', isFallbackAdapter: false } }));
    const { gpu, automatic, defaults } = await choice();
    expect(gpu).toEqual({ shaderF16: false, fallbackAdapter: false, name: 'Intel(R) UHD Graphics' });
    expect(automatic).toBe('webgpu');
    expect(defaults).toEqual({ modelId: BASE, device: undefined, host: HOST });
  });

  it("takes WASM on a fallback adapter (GPUAdapterInfo.isFallbackAdapter), and WebGPU only when forced", async () => {
    offerAdapter(adapter([], { info: CHROMIUM_SWIFTSHADER_INFO }));
    const { gpu, automatic, forced, defaults } = await choice();
    expect(gpu).toEqual({ shaderF16: false, fallbackAdapter: true, name: 'SwiftShader' });
    expect(automatic).toBe('wasm');
    expect(forced).toBe('webgpu');
    expect(defaults).toEqual({ modelId: BASE, device: undefined, host: HOST });
    expect(await resolveModelOptions({ device: 'webgpu', host: HOST }, detectWebGpu)).toEqual({ modelId: BASE, device: 'webgpu', host: HOST });
  });

  it('takes WASM on a fallback adapter flagged the older way (GPUAdapter.isFallbackAdapter, no info)', async () => {
    offerAdapter(adapter([], { isFallbackAdapter: true }));
    const { gpu, automatic } = await choice();
    expect(gpu).toEqual({ shaderF16: false, fallbackAdapter: true, name: '' });
    expect(automatic).toBe('wasm');
  });

  it('takes WASM on an adapter whose info names a software renderer, when no isFallbackAdapter says so', async () => {
    offerAdapter(adapter([], { info: { vendor: 'Google', architecture: '', description: 'SwiftShader Device (Subzero)' } }));
    expect(await choice()).toMatchObject({ gpu: { fallbackAdapter: true, name: 'SwiftShader' }, automatic: 'wasm', forced: 'webgpu' });
    offerAdapter(adapter(['shader-f16'], { info: { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }));
    expect(await choice()).toMatchObject({ gpu: { shaderF16: true, fallbackAdapter: true, name: 'llvmpipe' }, automatic: 'wasm' });
  });

  it('takes WASM when there is no adapter, or no WebGPU at all, and WebGPU still when forced', async () => {
    offerAdapter(null);
    expect(await choice()).toEqual({ gpu: null, automatic: 'wasm', forced: 'webgpu', defaults: { modelId: BASE, device: undefined, host: HOST } });
    vi.stubGlobal('navigator', {});
    expect(await detectWebGpu()).toBeNull();
  });

  it('takes WASM when requestAdapter fails', async () => {
    offerAdapter(new Error('adapter request failed'));
    expect(await choice()).toEqual({ gpu: null, automatic: 'wasm', forced: 'webgpu', defaults: { modelId: BASE, device: undefined, host: HOST } });
  });
});
