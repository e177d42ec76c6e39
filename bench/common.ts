/**
 * What `bench/bench.ts` and `bench/transcribe.ts` share: command-line options for the model and
 * the streaming settings, model loading, and one streaming run of one file on the
 * computation-aware virtual clock with its reference segmentation, compute time and peak memory.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WhisperTranscriber } from '../src/inference-worker/asr/whisper-transcriber';
import { DEFAULT_SETTINGS, mergeSettings, type StreamingSettings } from '../src/inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../src/inference-worker/vad/speech-probability';
import { SAMPLE_RATE } from '../src/inference-worker/vad/speech-segmenter';
import { referenceSpeechRegions, type SpeechRegion } from '../src/evaluation/reference-segmentation';
import { loadNodeVad, loadNodeWhisper, SHARED_DIR } from '../src/node/node-recognizer';
import { DEFAULT_GUARDS } from '../src/inference-worker/asr/hallucination-guards';
import { simulateRealtime, type SimulationResult } from '../src/simulation/realtime-simulation';
import { scoreFile, type FileMetrics } from '../src/evaluation/streaming-metrics';
import { DECODING_OPTIONS, decodingFromOptions, describeDecoding, type DecodingValues } from './decoding-options';

/** `node:util` parseArgs options common to both tools. */
export const COMMON_OPTIONS = {
  /** A model folder in the transformers.js layout, or the name of one under `../shared/models` (default `whisper-tiny.en`). */
  model: { type: 'string' },
  /** Weight precision of both sessions in Node: `fp32` (default) or `q8`. */
  dtype: { type: 'string' },
  /** Overrides {@link StreamingSettings.windowSeconds}, seconds. */
  window: { type: 'string' },
  /** Overrides {@link StreamingSettings.partialIntervalMs}, ms. */
  interval: { type: 'string' },
  /** Overrides the VAD's end-of-speech silence {@link VadSettings.redemptionMs}, ms. */
  redemption: { type: 'string' },
  /** Overrides {@link StreamingSettings.partialSilenceCutoffMs}, ms (at or above the redemption time: no cutoff). */
  'partial-cutoff': { type: 'string' },
  /** Streams with the bare decoder: no hallucination guards (`asr/hallucination-guards.ts`). Node only. */
  'no-guards': { type: 'boolean' },
  /** Sets `draftVerification: false`: every decode runs plain greedy, without a draft. */
  'no-draft': { type: 'boolean' },
  /** Sets `earlyFinal: false`: a final decode starts only when the redemption has ended. */
  'no-early-final': { type: 'boolean' },
  /** Overrides `earlyFinalSilenceMs`, the silence after which the early final decode starts, ms. */
  'early-final-silence': { type: 'string' },
  /** Sets `preemptDecodes: true`: a running partial is cancelled once its utterance's final waits. */
  preempt: { type: 'boolean' },
  ...DECODING_OPTIONS,
} as const;

export interface CommonValues extends DecodingValues {
  model?: string;
  dtype?: string;
  window?: string;
  interval?: string;
  redemption?: string;
  'partial-cutoff'?: string;
  'no-guards'?: boolean;
  'no-draft'?: boolean;
  'no-early-final'?: boolean;
  'early-final-silence'?: string;
  preempt?: boolean;
}

/**
 * Digital silence appended to every file before streaming it, seconds. A live microphone keeps
 * sending audio after the speaker stops, so the VAD ends the utterance after its redemption time
 * as it would live; without the tail, files that end right after their speech would be
 * finalized by the end of the stream instead, and finalization latency would not depend on the
 * VAD settings. Longer than the longest redemption swept plus a final decode.
 */
export const TRAILING_SILENCE_SECONDS = 2;

export interface Models {
  vad: SpeechProbabilityModel;
  whisper: WhisperTranscriber;
}

/** One streaming run of one file, see {@link streamFile}. */
export interface StreamedFile {
  /** Reference speech segmentation of the file. */
  regions: SpeechRegion[];
  simulation: SimulationResult;
  /** Decode plus VAD compute time of the run, ms. */
  computeMs: number;
  /**
   * Peak memory sampled during the run, bytes: in Node the process's resident set
   * (`process.memoryUsage.rss()`), in Chromium the summed resident sets of the browser's
   * processes (`bench/chromium/process-memory.ts`).
   */
  peakRssBytes: number;
}

/** Interval of the resident-memory sampling, ms. */
const RSS_SAMPLE_MS = 20;

/**
 * Resolves `--model`: an existing folder holding `config.json`, else the folder of that name
 * under `../shared/models` (so `whisper-tiny.en` is the shared real model).
 * @throws Error when neither exists
 */
export function resolveModelDir(model: string): string {
  const candidates = [resolve(model), resolve(SHARED_DIR, 'models', model)];
  const found = candidates.find((dir) => existsSync(join(dir, 'config.json')));
  if (!found) throw new Error(`--model ${model}: no transformers.js model folder at ${candidates.join(' or ')}`);
  return found;
}

/**
 * Loads Silero VAD and Whisper (onnxruntime-node, CPU) for the `--model` and `--dtype` given,
 * and runs one warm-up decode (1 s of silence) so that the first measured decode does not pay
 * ONNX Runtime's first-run cost.
 */
export async function loadModels(values: CommonValues): Promise<Models> {
  const [vad, whisper] = await Promise.all([loadNodeVad(), loadWarmNodeWhisper(values)]);
  return { vad, whisper };
}

/** Whisper of {@link loadModels} alone (the VAD loaded elsewhere). */
export async function loadWarmNodeWhisper(values: CommonValues): Promise<WhisperTranscriber> {
  const dtype = nodeDtype(values);
  const whisper = await loadNodeWhisper(resolveModelDir(values.model ?? 'whisper-tiny.en'), dtype, values['no-guards'] ? null : DEFAULT_GUARDS);
  await whisper.transcribe(new Float32Array(SAMPLE_RATE));
  return whisper;
}

/**
 * The `--dtype` of a Node run: `fp32` unless given.
 * @throws Error for another value than fp32 or q8
 */
export function nodeDtype(values: CommonValues): 'fp32' | 'q8' {
  const dtype = values.dtype ?? 'fp32';
  if (dtype !== 'fp32' && dtype !== 'q8') throw new Error(`--dtype must be fp32 or q8, got ${dtype}`);
  return dtype;
}

/**
 * The streaming settings under test: {@link DEFAULT_SETTINGS} with the `--window`,
 * `--interval`, `--redemption`, `--partial-cutoff`, `--no-draft`, `--no-early-final`,
 * `--early-final-silence` and `--preempt` overrides and the decoding flags (`bench/decoding-options.ts`) applied.
 * @throws Error for a value that is not a positive number
 */
export function settingsFromOptions(values: CommonValues): StreamingSettings {
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} must be a positive number, got ${text}`);
    return value;
  };
  const windowSeconds = number('window', values.window);
  const partialIntervalMs = number('interval', values.interval);
  const redemptionMs = number('redemption', values.redemption);
  const partialSilenceCutoffMs = number('partial-cutoff', values['partial-cutoff']);
  const earlyFinalSilenceMs = number('early-final-silence', values['early-final-silence']);
  const update: Partial<StreamingSettings> = {
    ...(values['no-draft'] ? { draftVerification: false } : {}),
    ...(values['no-early-final'] ? { earlyFinal: false } : {}),
    ...(values.preempt ? { preemptDecodes: true } : {}),
    ...(earlyFinalSilenceMs === undefined ? {} : { earlyFinalSilenceMs }),
    ...(partialSilenceCutoffMs === undefined ? {} : { partialSilenceCutoffMs }),
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
    ...(partialIntervalMs === undefined ? {} : { partialIntervalMs }),
    ...(redemptionMs === undefined ? {} : { vad: { ...DEFAULT_SETTINGS.vad, redemptionMs } }),
    decoding: { ...DEFAULT_SETTINGS.decoding, ...decodingFromOptions(values) },
  };
  return mergeSettings(DEFAULT_SETTINGS, update);
}

/** One line describing the settings, for reports. */
export function describeSettings(settings: StreamingSettings): string {
  const switches =
    `draft verification ${settings.draftVerification ? 'on' : 'off'}, ` +
    (settings.earlyFinal ? `early final after ${settings.earlyFinalSilenceMs} ms of silence, ` : 'early final off, ') +
    `preemption ${settings.preemptDecodes ? 'on' : 'off'}, ` +
    (settings.partials ? '' : 'partials off, ');
  return (
    switches +
    `window ${settings.windowSeconds} s, partial interval ${settings.partialIntervalMs} ms, ` +
    `partial silence cutoff ${settings.partialSilenceCutoffMs} ms, ` +
    `VAD redemption ${settings.vad.redemptionMs} ms, pre-speech pad ${settings.vad.preSpeechPadMs} ms, ` +
    `min speech ${settings.vad.minSpeechMs} ms, trailing silence ${TRAILING_SILENCE_SECONDS} s, ${describeDecoding(settings.decoding)}`
  );
}

/** The audio followed by {@link TRAILING_SILENCE_SECONDS} of zeros: the stream a live client would send. */
export function withTrailingSilence(audio: Float32Array): Float32Array {
  const stream = new Float32Array(audio.length + TRAILING_SILENCE_SECONDS * SAMPLE_RATE);
  stream.set(audio);
  return stream;
}

/**
 * Streams one file through the real engine with {@link simulateRealtime} in Node: the
 * reference speech regions are computed first on the file itself, then the file plus its
 * trailing silence is streamed while the process's resident memory is sampled every
 * {@link RSS_SAMPLE_MS} ms. Compute time is the decodes' plus the VAD's.
 *
 * @param audio the file, 16 kHz mono
 */
export async function streamFile(audio: Float32Array, models: Models, settings: StreamingSettings): Promise<StreamedFile> {
  const regions = await referenceSpeechRegions(audio, models.vad);
  let peakRssBytes = process.memoryUsage.rss();
  const sample = () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  try {
    const simulation = await simulateRealtime(withTrailingSilence(audio), { vad: models.vad, transcriber: models.whisper, settings });
    sample();
    return { regions, simulation, computeMs: simulation.decodeComputeMs + simulation.vadComputeMs, peakRssBytes };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Scores one streamed file: the run's events, timings and memory, with the reference text
 * (null: none) and the offline and baseline transcripts when they were computed.
 */
export function scoreStreamedFile(
  file: string,
  reference: string | null,
  audio: Float32Array,
  streamed: StreamedFile,
  references: { offlineText: string | null; baselineText: string | null } = { offlineText: null, baselineText: null },
): FileMetrics {
  return scoreFile({
    file,
    reference,
    audioSeconds: audio.length / SAMPLE_RATE,
    regions: streamed.regions,
    events: streamed.simulation.events,
    decodes: streamed.simulation.decodes,
    decodeRecords: streamed.simulation.decodeRecords,
    earlyFinals: streamed.simulation.earlyFinals,
    computeMs: streamed.computeMs,
    peakRssBytes: streamed.peakRssBytes,
    ...references,
  });
}
