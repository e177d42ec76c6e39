/**
 * Vite dev server of the benchmark's Chromium page (`bench/chromium/index.html`), started by
 * `bench/chromium/chromium-runtime.ts`. Like the app's server (vite.config.ts): cross-origin
 * isolated (COOP same-origin, COEP credentialless) so onnxruntime-web runs multi-threaded WASM,
 * the app's public/ (ORT's wasm and Silero VAD under /vendor/, `npm run assets`) and
 * `../shared/models` at `/models/<id>/`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { createModelFileHandler } from '../../scripts/model-host.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const modelFiles = createModelFileHandler({ layout: 'flat' });

export default defineConfig({
  root: here,
  publicDir: resolve(repoRoot, 'public'),
  logLevel: process.env.BENCH_VITE_LOG === 'info' ? 'info' : 'warn',
  plugins: [{ name: 'sotto-bench-models', configureServer: (server) => void server.middlewares.use((req, res, next) => modelFiles(req, res, next)) }],
  server: {
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' },
    fs: { allow: [repoRoot] },
    // Others edit the working tree while a benchmark runs: no file watching, no HMR socket,
    // so an edit can never reload the page mid-run (modules load once, when the page opens).
    watch: null,
    hmr: false,
    ws: false,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // The workers too, so that their CommonJS dependencies (vad-web's Silero wrapper) are
    // pre-bundled before the page runs rather than found on the way (a reload mid-run).
    entries: ['index.html', 'bench-worker.ts', '../../src/inference-worker/decoder-worker.ts'],
    exclude: ['@huggingface/transformers', 'onnxruntime-web'],
  },
  // Apart from the app's dev server's cache: both may run at once.
  cacheDir: resolve(repoRoot, 'node_modules/.vite-bench'),
});
