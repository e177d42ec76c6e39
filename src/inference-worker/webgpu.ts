/** What the model catalog needs to know of a WebGPU adapter. */
export interface WebGpuProfile {
  shaderF16: boolean;
}

/** This browser's WebGPU adapter, or null when there is none (or on any failure). */
export async function detectWebGpu(): Promise<WebGpuProfile | null> {
  if (!('gpu' in navigator)) return null;
  try {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter ? { shaderF16: adapter.features.has('shader-f16') } : null;
  } catch {
    return null;
  }
}
