import { describe, expect, it } from 'vitest';
import { defaultModelFor, dtypeFor, MODEL_CATALOG, runsOn, unsupportedReason, whisperFiles, type Device, type GpuFeatures } from '../../../src/inference-worker/asr/model-catalog';
import { resolveModelOptions } from '../../../src/app/engine/resolve-model';
import type { WebGpuProfile } from '../../../src/inference-worker/webgpu';

const TURBO = 'onnx-community/whisper-large-v3-turbo';
const NO_F16: WebGpuProfile = { shaderF16: false, fallbackAdapter: false, name: 'a GPU' };
const F16: WebGpuProfile = { shaderF16: true, fallbackAdapter: false, name: 'a GPU' };
const HOST = 'https://huggingface.co/{model}/resolve/{revision}/';
/** Every (device, adapter) the app can meet: WASM has no adapter; WebGPU with or without shader-f16. */
const TARGETS: [Device, GpuFeatures | null][] = [['wasm', null], ['webgpu', NO_F16], ['webgpu', F16]];

describe('model catalog on WebGPU adapters without shader-f16', () => {
  it("never chooses turbo's fp32 encoder (over 2 GB, transformers.js#989), nor any f16 precision", () => {
    for (const model of MODEL_CATALOG) {
      if (!runsOn(model.id, 'webgpu', NO_F16)) continue;
      const dtypes = dtypeFor(model.id, 'webgpu', NO_F16);
      expect(Object.values(dtypes).some((dtype) => dtype.includes('f16')), `${model.id} ${JSON.stringify(dtypes)}`).toBe(false);
    }
    for (const [device, gpu] of TARGETS) {
      if (runsOn(TURBO, device, gpu)) expect(dtypeFor(TURBO, device, gpu).encoder_model).not.toBe('fp32');
    }
  });

  it('refuses turbo there with the reason the Models panel shows, before any file is chosen', () => {
    expect(runsOn(TURBO, 'webgpu', NO_F16)).toBe(false);
    expect(unsupportedReason(TURBO, 'webgpu', NO_F16)).toMatch(/shader-f16.*over 2 GB/);
    expect(() => dtypeFor(TURBO, 'webgpu', NO_F16)).toThrow(/shader-f16/);
    expect(runsOn(TURBO, 'webgpu', F16)).toBe(true);
    expect(whisperFiles(dtypeFor(TURBO, 'webgpu', F16))).toContain('onnx/encoder_model_fp16.onnx');
    expect(unsupportedReason(TURBO, 'wasm', null)).toMatch(/Needs WebGPU/);
  });

  it('defaults to whisper-base in fp32 there, turbo only with shader-f16', async () => {
    expect(defaultModelFor('webgpu', NO_F16)).toBe('onnx-community/whisper-base');
    expect(dtypeFor(defaultModelFor('webgpu', NO_F16), 'webgpu', NO_F16)).toEqual({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });
    expect(defaultModelFor('webgpu', F16)).toBe(TURBO);
    expect(await resolveModelOptions({ host: HOST }, async () => NO_F16)).toEqual({ modelId: 'onnx-community/whisper-base', device: undefined, host: HOST });
    expect(await resolveModelOptions({ device: 'webgpu', host: HOST }, async () => NO_F16)).toEqual({ modelId: 'onnx-community/whisper-base', device: 'webgpu', host: HOST });
    expect(await resolveModelOptions({ device: 'webgpu', host: HOST }, async () => F16)).toEqual({ modelId: TURBO, device: 'webgpu', host: HOST });
  });

  it('every default runs where it is the default', () => {
    for (const [device, gpu] of TARGETS) {
      const modelId = defaultModelFor(device, gpu);
      expect(unsupportedReason(modelId, device, gpu), `${modelId} on ${device} ${JSON.stringify(gpu)}`).toBeNull();
    }
  });
});
