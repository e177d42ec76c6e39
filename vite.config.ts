import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { createModelFileHandler } from './scripts/model-host.ts';

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

/**
 * Serves `../shared/models` at `/models/<id>/<file>` (the self-hosted layout) in dev and
 * preview, for development and tests without the hub. Builds carry no models.
 */
function sharedModels(): Plugin {
  const handler = createModelFileHandler({ layout: 'flat' });
  return {
    name: 'sotto-shared-models',
    configureServer: (server) => void server.middlewares.use((req, res, next) => handler(req, res, next)),
    configurePreviewServer: (server) => void server.middlewares.use((req, res, next) => handler(req, res, next)),
  };
}

/**
 * The installable offline app: a web app manifest and a service worker (Workbox) that
 * precaches the app shell, the worker bundles, the AudioWorklet, ONNX Runtime's wasm and
 * loader, and the Silero VAD model. Model files are not precached: they live in IndexedDB.
 * `prompt`: a new version waits until the user reloads (never under a running recording).
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  includeManifestIcons: false, // the glob below precaches them
  manifest: {
    id: '/',
    name: 'Sotto: live speech-to-text',
    short_name: 'Sotto',
    description: 'Live speech-to-text that runs entirely in your browser. Your voice never leaves your device.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    theme_color: '#f5f6f8',
    background_color: '#f5f6f8',
    categories: ['productivity', 'utilities'],
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{html,js,mjs,css,wasm,onnx,svg,png}'],
    // onnxruntime-web's own copy of the wasm, emitted by the bundler but never fetched: both
    // ONNX Runtimes load /vendor/ort/.
    globIgnores: ['assets/ort-wasm-*.wasm'],
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/models\//],
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  // Preact's refresh runtime must stay out of the AudioWorklet bundle: the worklet scope lacks
  // the browser globals it needs, and `sotto-capture` would never register in dev.
  plugins: [preact({ exclude: [/node_modules/, /\/src\/audio-worklet\//] }), sharedModels(), pwa],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
  build: { target: 'es2022' },
});
