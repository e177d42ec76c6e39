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
}

const smallOnWasm = () => ({ encoder_model: 'fp32', decoder_model_merged: 'q8' });
const smallOnWebGpu = () => ({ encoder_model: 'fp32', decoder_model_merged: 'fp32' });

export const MODEL_CATALOG: readonly ModelInfo[] = [
  {
    id: 'onnx-community/whisper-large-v3-turbo',
    languages: 'multilingual',
    devices: {
      webgpu: ({ shaderF16 }) => ({ encoder_model: shaderF16 ? 'fp16' : 'fp32', decoder_model_merged: 'q4' }),
    },
  },
  { id: 'onnx-community/whisper-base', languages: 'multilingual', devices: { webgpu: smallOnWebGpu, wasm: smallOnWasm } },
  { id: 'onnx-community/whisper-tiny', languages: 'multilingual', devices: { webgpu: smallOnWebGpu, wasm: smallOnWasm } },
  { id: 'Xenova/whisper-base.en', languages: 'en', devices: { webgpu: smallOnWebGpu, wasm: smallOnWasm } },
  { id: 'Xenova/whisper-tiny.en', languages: 'en', devices: { webgpu: smallOnWebGpu, wasm: smallOnWasm } },
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
