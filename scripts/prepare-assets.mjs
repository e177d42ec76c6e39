#!/usr/bin/env node
/**
 * Puts the files the app serves from its own origin into git-ignored places under public/:
 * - public/vendor/ort/: onnxruntime-web's WebAssembly runtime (the asyncify build that
 *   transformers.js's WebGPU/WASM backend loads; the VAD uses the same one), so nothing
 *   loads from a CDN at run time;
 * - public/vendor/vad/: Silero VAD v5, as shipped by @ricky0123/vad-web.
 * Models are not copied: vite.config.ts serves ../shared/models at /models/ in dev and
 * preview, and a build carries none. A link that older versions of this script made in
 * public/models/ (which builds then copied) is removed.
 * Idempotent; run by `npm run dev`, `build` and `test`.
 */
import { cpSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The top-level onnxruntime-web is pinned to the version transformers.js depends on.
const ortDist = join(root, 'node_modules/onnxruntime-web/dist');
const vadDist = join(root, 'node_modules/@ricky0123/vad-web/dist');

const ortOut = join(root, 'public/vendor/ort');
mkdirSync(ortOut, { recursive: true });
for (const file of ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) {
  cpSync(join(ortDist, file), join(ortOut, file));
}
const vadOut = join(root, 'public/vendor/vad');
mkdirSync(vadOut, { recursive: true });
cpSync(join(vadDist, 'silero_vad_v5.onnx'), join(vadOut, 'silero_vad_v5.onnx'));

const oldLink = join(root, 'public/models/Xenova/whisper-tiny.en');
if (isLink(oldLink)) rmSync(oldLink);
console.log(`assets: ORT wasm from ${ortDist}, Silero VAD v5 from ${vadDist}`);

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
