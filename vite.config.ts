import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

/**
 * Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, which
 * onnxruntime-web needs for multi-threaded WASM. `credentialless` (rather than
 * `require-corp`) keeps cross-origin model hosts that send no CORP header loadable.
 * Deployments must send the same two headers (see README).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  // Preact's refresh runtime must stay out of the AudioWorklet bundle: the worklet scope lacks
  // the browser globals it needs, and `sotto-capture` would never register in dev.
  plugins: [preact({ exclude: [/node_modules/, /\/src\/audio-worklet\//] })],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
  build: { target: 'es2022' },
});
