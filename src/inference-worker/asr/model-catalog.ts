/**
 * Whisper models Sotto knows, with the ONNX weight precisions to load per device.
 * Precisions follow the files the Hugging Face ONNX exports ship (`onnx/<name>_<dtype>.onnx`)
 * and what runs well where: on WebGPU an fp16 encoder when the adapter has `shader-f16`
 * (else fp32; fp16 without it fails or returns zeros) and a q4 merged decoder for large
 * models; on WASM an fp32 encoder and a q8 decoder (the decoder dominates download size).
 */
export type Device = 'webgpu' | 'wasm';
export type DtypeMap = Record<'encoder_model' | 'decoder_model_merged', string>;

export interface ModelInfo {
  id: string;
  /** 'en' for English-only models, else 'multilingual'. */
  languages: 'en' | 'multilingual';
  /** Devices the model runs on in real time, with its precisions there. */
  devices: Partial<Record<Device, (gpu: { shaderF16: boolean }) => DtypeMap>>;
  /**
   * Approximate download per device at its precisions (WebGPU: with `shader-f16`), in bytes,
   * from the Hugging Face hub's file sizes; the exact size is known once a download starts.
   */
  downloadBytes: Partial<Record<Device, number>>;
}

const smallOnWasm = () => ({ encoder_model: 'fp32', decoder_model_merged: 'q8' });
const smallOnWebGpu = () => ({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });

const MB = 1_000_000;
const small = { webgpu: smallOnWebGpu, wasm: smallOnWasm };

export const MODEL_CATALOG: readonly ModelInfo[] = [
  {
    id: 'onnx-community/whisper-large-v3-turbo',
    languages: 'multilingual',
    devices: {
      webgpu: ({ shaderF16 }) => ({ encoder_model: shaderF16 ? 'fp16' : 'fp32', decoder_model_merged: 'q4' }),
    },
    downloadBytes: { webgpu: 1_600 * MB },
  },
  { id: 'onnx-community/whisper-base', languages: 'multilingual', devices: small, downloadBytes: { webgpu: 295 * MB, wasm: 140 * MB } },
  { id: 'onnx-community/whisper-tiny', languages: 'multilingual', devices: small, downloadBytes: { webgpu: 155 * MB, wasm: 70 * MB } },
  { id: 'Xenova/whisper-base.en', languages: 'en', devices: small, downloadBytes: { webgpu: 295 * MB, wasm: 140 * MB } },
  { id: 'Xenova/whisper-tiny.en', languages: 'en', devices: small, downloadBytes: { webgpu: 155 * MB, wasm: 70 * MB } },
];

/** The model loaded when none is named: turbo where WebGPU runs it, a small multilingual model on WASM. */
export const DEFAULT_MODELS: Readonly<Record<Device, string>> = {
  webgpu: 'onnx-community/whisper-large-v3-turbo',
  wasm: 'onnx-community/whisper-base',
};

/**
 * Precisions to load `modelId` with on `device`. Models not in the catalog get the small-model
 * choice.
 * @throws Error when the catalog says the model does not run on that device (turbo on WASM).
 */
export function dtypeFor(modelId: string, device: Device, gpu: { shaderF16: boolean }): DtypeMap {
  const info = MODEL_CATALOG.find((m) => m.id === modelId);
  if (!info) return device === 'webgpu' ? smallOnWebGpu() : smallOnWasm();
  const choose = info.devices[device];
  if (!choose) throw new Error(`${modelId} does not run on ${device === 'wasm' ? 'WASM' : 'WebGPU'}; pick a smaller model.`);
  return choose(gpu);
}

/** Whether the catalog lists `modelId` as able to run on `device` (unknown models: yes). */
export function runsOn(modelId: string, device: Device): boolean {
  const info = MODEL_CATALOG.find((m) => m.id === modelId);
  return !info || info.devices[device] !== undefined;
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
