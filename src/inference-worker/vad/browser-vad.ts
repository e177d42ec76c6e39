import * as ort from 'onnxruntime-web/webgpu';
import { ORT_WASM_PATHS, SILERO_VAD_URL } from '../assets';
import type { SpeechProbabilityModel } from './speech-probability';
import { loadSileroVad } from './silero-vad';

/**
 * Silero VAD in a browser worker, on onnxruntime-web's single-threaded WASM backend (a 32 ms
 * frame takes well under 1 ms), with the runtime and the model from the app's own origin
 * ({@link ORT_WASM_PATHS}, {@link SILERO_VAD_URL}). ORT's loader script is fetched and handed
 * over as a blob URL, as transformers.js does for Whisper: a dynamic `import()` of a file
 * under public/ is refused by Vite's dev server. Used by the inference worker and the
 * benchmark's Chromium runtime.
 * @throws Error naming the URL when a file cannot be fetched, or ONNX Runtime's error when
 *   the session cannot be created
 */
export async function loadBrowserSileroVad(): Promise<SpeechProbabilityModel> {
  const loader = await fetch(ORT_WASM_PATHS.mjs);
  if (!loader.ok) throw new Error(`HTTP ${loader.status} for ${ORT_WASM_PATHS.mjs}`);
  const loaderUrl = URL.createObjectURL(new Blob([await loader.text()], { type: 'text/javascript' }));
  ort.env.wasm.wasmPaths = { mjs: loaderUrl, wasm: new URL(ORT_WASM_PATHS.wasm, self.location.href).href };
  ort.env.wasm.numThreads = 1;
  const response = await fetch(SILERO_VAD_URL);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${SILERO_VAD_URL}`);
  return loadSileroVad(ort, await response.arrayBuffer());
}
