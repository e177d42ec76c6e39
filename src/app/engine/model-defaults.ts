import type { ModelOptions } from '../../inference-worker/api';

/** A device the app can ask the inference worker for. */
export type SelectableDevice = NonNullable<ModelOptions['device']>;

/**
 * The Whisper model loaded when the URL names none (`?model=` overrides it), per device:
 * WebGPU runs the large turbo model in real time; WASM needs a small one.
 */
export const DEFAULT_MODELS: Readonly<Record<SelectableDevice, string>> = {
  webgpu: 'onnx-community/whisper-large-v3-turbo',
  wasm: 'onnx-community/whisper-base',
};
