/**
 * Whisper models Sotto knows, with the ONNX weight precisions to load per device.
 * Precisions follow the files the Hugging Face ONNX exports ship (`onnx/<name>_<dtype>.onnx`)
 * and what runs well where: on WebGPU fp32 for small models and, for large-v3-turbo, an fp16
 * encoder with a q4 merged decoder; on WASM an fp32 encoder and a q8 decoder (the decoder
 * dominates download size).
 *
 * Turbo needs an adapter with `shader-f16`: its fp32 encoder is over 2 GB, which
 * transformers.js cannot load (huggingface/transformers.js#989: a protobuf over 2 GB), so on
 * an adapter without f16 it would be downloaded for nothing. Such adapters (Dawn on NVIDIA
 * with Vulkan; SwiftShader, where WebGPU is used only when forced: `chooseDevice` in
 * `src/inference-worker/webgpu.ts`) get whisper-base in fp32 by default. A no-f16 turbo precision
 * (q4 encoder, say) is offered only once it has been seen to load and transcribe on such an
 * adapter; no GPU was available to check that yet.
 */
export type Device = 'webgpu' | 'wasm';
export type DtypeMap = Record<'encoder_model' | 'decoder_model_merged', string>;

/**
 * What the catalog needs to know of a WebGPU adapter (`detectWebGpu` in
 * `src/inference-worker/webgpu.ts`, whose `WebGpuProfile` adds what the device choice needs).
 */
export interface GpuFeatures {
  /** Whether the adapter offers the `shader-f16` feature (WGSL `f16`). */
  shaderF16: boolean;
}

export interface ModelInfo {
  id: string;
  /** 'en' for English-only models, else 'multilingual'. */
  languages: 'en' | 'multilingual';
  /**
   * false for a multilingual model that cannot do Whisper's `translate` task: turbo (openai/whisper
   * README: "The turbo model will return the original language even if `--task translate` is
   * specified"). Absent: multilingual models translate.
   */
  translates?: false;
  /** Devices the model runs on in real time, with its precisions there. */
  devices: Partial<Record<Device, DtypeMap>>;
  /** Whether WebGPU runs it only on adapters with `shader-f16` (its precisions there use fp16). */
  needsShaderF16?: true;
  /**
   * Approximate download per device at its precisions, in bytes, from the Hugging Face hub's
   * file sizes; the exact size is known once a download starts.
   */
  downloadBytes: Partial<Record<Device, number>>;
}

const MB = 1_000_000;
const small = {
  webgpu: { encoder_model: 'fp32', decoder_model_merged: 'fp32' },
  wasm: { encoder_model: 'fp32', decoder_model_merged: 'q8' },
};

const TURBO = 'onnx-community/whisper-large-v3-turbo';

export const MODEL_CATALOG: readonly ModelInfo[] = [
  {
    id: TURBO,
    languages: 'multilingual',
    translates: false,
    devices: { webgpu: { encoder_model: 'fp16', decoder_model_merged: 'q4' } },
    needsShaderF16: true,
    downloadBytes: { webgpu: 1_600 * MB },
  },
  { id: 'onnx-community/whisper-base', languages: 'multilingual', devices: small, downloadBytes: { webgpu: 295 * MB, wasm: 140 * MB } },
  { id: 'onnx-community/whisper-tiny', languages: 'multilingual', devices: small, downloadBytes: { webgpu: 155 * MB, wasm: 70 * MB } },
  { id: 'Xenova/whisper-base.en', languages: 'en', devices: small, downloadBytes: { webgpu: 295 * MB, wasm: 140 * MB } },
  { id: 'Xenova/whisper-tiny.en', languages: 'en', devices: small, downloadBytes: { webgpu: 155 * MB, wasm: 70 * MB } },
];

/** The multilingual model for WASM and for WebGPU adapters without `shader-f16` (fp32 there). */
const BASE = 'onnx-community/whisper-base';

/**
 * The model loaded when none is named: turbo on a WebGPU adapter with `shader-f16`,
 * whisper-base on one without (turbo cannot load there, see above) and on WASM.
 * `gpu` is ignored for WASM.
 */
export function defaultModelFor(device: Device, gpu: GpuFeatures | null): string {
  return device === 'webgpu' && gpu?.shaderF16 ? TURBO : BASE;
}

/**
 * Why `modelId` cannot run on `device` (with this adapter, for WebGPU), in words for the
 * Models panel; null when it can. `gpu` is ignored for WASM; null on WebGPU means no
 * `shader-f16`. Models not in the catalog: null (they get the small-model
 * precisions).
 */
export function unsupportedReason(modelId: string, device: Device, gpu: GpuFeatures | null = null): string | null {
  const info = MODEL_CATALOG.find((m) => m.id === modelId);
  if (!info) return null;
  if (!info.devices[device]) {
    return device === 'wasm' ? 'Needs WebGPU, which this browser does not offer.' : 'Runs on WASM only.';
  }
  if (device === 'webgpu' && info.needsShaderF16 && !gpu?.shaderF16) {
    return "Needs a GPU with 16-bit float shaders (shader-f16), which this one lacks: without them its encoder is over 2 GB, more than the browser's model loader can open.";
  }
  return null;
}

/**
 * Precisions to load `modelId` with on `device`. Models not in the catalog get the small-model
 * choice.
 * @throws Error with {@link unsupportedReason}'s words when the model cannot run there (turbo
 *   on WASM, or on a WebGPU adapter without `shader-f16`).
 */
export function dtypeFor(modelId: string, device: Device, gpu: GpuFeatures | null = null): DtypeMap {
  const reason = unsupportedReason(modelId, device, gpu);
  if (reason) throw new Error(`${modelId} cannot run here: ${reason}`);
  return MODEL_CATALOG.find((m) => m.id === modelId)?.devices[device] ?? small[device];
}

/** Whether `modelId` can run on `device` (with this adapter, for WebGPU); unknown models: yes. */
export function runsOn(modelId: string, device: Device, gpu: GpuFeatures | null = null): boolean {
  return unsupportedReason(modelId, device, gpu) === null;
}

/** File-name suffix of each ONNX weight precision (transformers.js's `DEFAULT_DTYPE_SUFFIX_MAPPING`). */
const DTYPE_SUFFIXES: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/**
 * The files transformers.js's `automatic-speech-recognition` pipeline reads for a Whisper model
 * at these precisions (paths in the model repository): its configs, tokenizer and preprocessor
 * files, and one ONNX file per session. A unit test holds this to transformers.js's own
 * `ModelRegistry.get_pipeline_files` on the real configs.
 * @throws Error for a precision transformers.js does not name
 */
export function whisperFiles(dtypes: DtypeMap): string[] {
  const onnx = Object.entries(dtypes).map(([session, dtype]) => {
    const suffix = DTYPE_SUFFIXES[dtype];
    if (suffix === undefined) throw new Error(`Unknown ONNX precision "${dtype}" for ${session}`);
    return `onnx/${session}${suffix}.onnx`;
  });
  return ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', ...onnx];
}
