/**
 * Where the app serves its runtime assets from its own origin (copied there by
 * `scripts/prepare-assets.mjs`; nothing loads from a CDN). Paths are relative to the
 * deployment base (Vite's `BASE_URL`).
 */
const base = import.meta.env.BASE_URL;

/** onnxruntime-web's asyncify build, used by transformers.js (WebGPU and WASM) and the VAD. */
export const ORT_WASM_PATHS = {
  mjs: `${base}vendor/ort/ort-wasm-simd-threaded.asyncify.mjs`,
  wasm: `${base}vendor/ort/ort-wasm-simd-threaded.asyncify.wasm`,
};

/** Silero VAD v5 as shipped by @ricky0123/vad-web. */
export const SILERO_VAD_URL = `${base}vendor/vad/silero_vad_v5.onnx`;
