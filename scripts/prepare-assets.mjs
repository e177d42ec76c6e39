#!/usr/bin/env node
/**
 * Puts the files the app serves from its own origin into git-ignored places under public/:
 * - public/vendor/ort/: onnxruntime-web's WebAssembly runtime (the asyncify build that
 *   transformers.js's WebGPU/WASM backend loads; the VAD uses the same one), so nothing
 *   loads from a CDN at run time;
 * - public/vendor/vad/: Silero VAD v5, as shipped by @ricky0123/vad-web;
 * - public/models/Xenova/whisper-tiny.en: a link to ../shared/models/whisper-tiny.en, when
 *   ../shared exists (development, tests and CI; production hosts its models itself).
 * Idempotent; run by `npm run dev`, `build` and `test`.
 */
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, lstatSync } from 'node:fs';
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

const shared = process.env.SOTTO_SHARED ?? resolve(root, '..', 'shared');
const tiny = join(shared, 'models', 'whisper-tiny.en');
const link = join(root, 'public/models/Xenova/whisper-tiny.en');
if (existsSync(tiny)) {
  mkdirSync(dirname(link), { recursive: true });
  if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
  symlinkSync(tiny, link, 'dir');
  console.log(`models: linked ${link} -> ${tiny}`);
} else {
  console.log(`models: ${tiny} not found; only remote model hosts will work`);
}
console.log(`assets: ORT wasm from ${ortDist}, Silero VAD v5 from ${vadDist}`);

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
