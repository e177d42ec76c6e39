import type { InferenceDevice } from '../../inference-worker/protocol';

const LABELS: Readonly<Record<InferenceDevice, string>> = { webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' };

/** The display name of an inference device; `undefined` (not chosen yet) reads "Auto". */
export function deviceLabel(device: InferenceDevice | undefined): string {
  return device ? LABELS[device] : 'Auto';
}
