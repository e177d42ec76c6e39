/** Whether this browser exposes a WebGPU adapter (false on any failure). */
export async function hasWebGpuAdapter(): Promise<boolean> {
  if (!('gpu' in navigator)) return false;
  try {
    return (await navigator.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}
