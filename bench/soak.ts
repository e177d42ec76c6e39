/**
 * Soak run: one long capture session through the real streaming engine in Node, with memory
 * reported every minute of audio; or, with `--runtime chromium`, the built app itself in
 * headless Chromium for that many minutes of wall time (`chromium/soak-app.ts`).
 *
 *   npm run soak -- [--minutes <n>] [--file <wav>] [--model <id-or-dir>] [--dtype fp32|q8]
 *   npm run build && npm run soak -- --runtime chromium [--minutes <n>] [--file <wav>] [--starve-at <s> [--starve-seconds <s>]]
 *
 * Streams `--file` (default `../shared/audio/long_continuous.wav`: 37 s of speech with 0.15 s
 * gaps, so the VAD stays on and utterances are split at 30 s) looped for `--minutes` (default
 * 60) of audio through the engine with Silero VAD and Whisper (onnxruntime-node, CPU), on the
 * computation-aware virtual clock of `src/simulation/realtime-simulation.ts`: frames arrive
 * every 32 ms of audio time and each decode takes the compute time it really takes here.
 * Wall time is therefore the run's compute time, not the audio's length.
 *
 * After each minute of audio (counted in VAD frames) it prints the V8 heap in use, the memory
 * of ArrayBuffers (where the engine's audio lives) minus the looped input, and the process's
 * resident set size; garbage is collected first when Node runs with `--expose-gc` (the npm
 * script does). The summary gives the growth from the first minute to the last, and what the
 * session produced (finals, decodes, falling-behind episodes, errors).
 */
import { parseArgs } from 'node:util';
import { loadAudio16k } from '../src/audio-file/read-wav-file';
import type { Transcriber } from '../src/inference-worker/asr/transcriber';
import { DEFAULT_SETTINGS } from '../src/inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../src/inference-worker/vad/speech-probability';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../src/inference-worker/vad/speech-segmenter';
import { simulateRealtime } from '../src/simulation/realtime-simulation';
import { SHARED_DIR } from '../src/node/node-recognizer';
import { COMMON_OPTIONS, loadModels } from './common';
import { resolve } from 'node:path';
import { readManifest } from '../test/support/shared-data';

const { values } = parseArgs({
  options: {
    model: COMMON_OPTIONS.model,
    dtype: COMMON_OPTIONS.dtype,
    minutes: { type: 'string', default: '60' },
    file: { type: 'string', default: `${SHARED_DIR}/audio/long_continuous.wav` },
    runtime: { type: 'string', default: 'node' },
    'starve-at': { type: 'string' },
    'starve-seconds': { type: 'string', default: '30' },
  },
  strict: true,
});
const minutes = Number(values.minutes);
if (!(minutes > 0) || !Number.isFinite(minutes)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);
if (values.runtime !== 'node' && values.runtime !== 'chromium') throw new Error(`--runtime must be node or chromium, got ${values.runtime}`);
if (values.runtime === 'chromium') {
  const starveAtSeconds = values['starve-at'] === undefined ? undefined : Number(values['starve-at']);
  const starveSeconds = Number(values['starve-seconds']);
  if (starveAtSeconds !== undefined && !(starveAtSeconds >= 0)) throw new Error(`--starve-at must be seconds ≥ 0, got ${values['starve-at']}`);
  if (!(starveSeconds > 0)) throw new Error(`--starve-seconds must be positive, got ${values['starve-seconds']}`);
  const reference = readManifest('long.tsv').find((entry) => resolve(entry.path) === resolve(values.file))?.reference;
  if (reference === undefined) throw new Error(`${values.file} is not in ../shared/audio/long.tsv: the Chromium soak needs its reference`);
  const { soakInChromium } = await import('./chromium/soak-app');
  await soakInChromium({ minutes, file: values.file, reference, starveAtSeconds, starveSeconds });
  process.exit(0);
}
if (values['starve-at'] !== undefined) throw new Error('--starve-at needs --runtime chromium');

const MB = 1024 * 1024;
const FRAMES_PER_MINUTE = (60 * SAMPLE_RATE) / VAD_FRAME_SAMPLES; // 1875

const models = await loadModels(values);
const clip = await loadAudio16k(values.file);
const input = loop(clip, Math.floor((minutes * 60 * SAMPLE_RATE) / VAD_FRAME_SAMPLES) * VAD_FRAME_SAMPLES);
const gc = (globalThis as { gc?: () => void }).gc;
process.stdout.write(
  `Soak: ${values.file} (${(clip.length / SAMPLE_RATE).toFixed(1)} s) looped for ${minutes} min of audio, ` +
    `default settings; input ${(input.byteLength / MB).toFixed(0)} MB (subtracted from "audio buffers"); ` +
    `${gc ? 'garbage collected before each sample' : 'no --expose-gc: figures include uncollected garbage'}\n`,
);
process.stdout.write('minute  wall s  decodes  heap MB  audio buffers MB  RSS MB\n');

interface Sample {
  minute: number;
  heapMb: number;
  buffersMb: number;
  rssMb: number;
}
const samples: Sample[] = [];
const started = performance.now();
let frames = 0;
let decodes = 0;

/** The VAD, counting frames: the engine asks it once per frame, in order, so frames are audio time. */
const vad: SpeechProbabilityModel = {
  probability(frame) {
    if (++frames % FRAMES_PER_MINUTE === 0) report(frames / FRAMES_PER_MINUTE);
    return models.vad.probability(frame);
  },
  reset: () => models.vad.reset(),
};
const transcriber: Transcriber = {
  transcribe(audio, options) {
    decodes++;
    return models.whisper.transcribe(audio, options);
  },
};

const result = await simulateRealtime(input, { vad, transcriber, settings: DEFAULT_SETTINGS });
const events = result.events.map((e) => e.event);
const finals = events.filter((e) => e.type === 'final');
const states = events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
const errors = events.flatMap((e) => (e.type === 'error' ? [`${e.code}: ${e.message}`] : []));
const first = samples[0];
const last = samples[samples.length - 1];
process.stdout.write(
  `\n${minutes} min of audio in ${((performance.now() - started) / 1000).toFixed(0)} s wall (RTF ${((performance.now() - started) / 1000 / (minutes * 60)).toFixed(2)}); ` +
    `${finals.length} finals (${finals.filter((f) => f.text === '').length} empty), ${result.decodes} decodes; ` +
    `falling-behind ${states.filter((s) => s === 'falling-behind').length} times; ${errors.length} errors\n`,
);
if (first && last && last !== first) {
  const perMinute = (a: number, b: number) => ((b - a) / (last.minute - first.minute)).toFixed(2);
  process.stdout.write(
    `Growth from minute ${first.minute} to ${last.minute}: heap ${perMinute(first.heapMb, last.heapMb)} MB/min, ` +
      `audio buffers ${perMinute(first.buffersMb, last.buffersMb)} MB/min, RSS ${perMinute(first.rssMb, last.rssMb)} MB/min\n`,
  );
}
for (const error of errors.slice(0, 10)) process.stdout.write(`error ${error}\n`);
await models.whisper.dispose();

/** Prints and keeps one memory sample, after `minute` minutes of audio. */
function report(minute: number): void {
  gc?.();
  const memory = process.memoryUsage();
  const sample = { minute, heapMb: memory.heapUsed / MB, buffersMb: (memory.arrayBuffers - input.byteLength) / MB, rssMb: memory.rss / MB };
  samples.push(sample);
  process.stdout.write(
    `${String(minute).padStart(6)}  ${((performance.now() - started) / 1000).toFixed(0).padStart(6)}  ${String(decodes).padStart(7)}  ` +
      `${sample.heapMb.toFixed(1).padStart(7)}  ${sample.buffersMb.toFixed(1).padStart(16)}  ${sample.rssMb.toFixed(0).padStart(6)}\n`,
  );
}

/** `clip` repeated to `length` samples. */
function loop(clip: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let at = 0; at < length; at += clip.length) out.set(clip.subarray(0, Math.min(clip.length, length - at)), at);
  return out;
}
