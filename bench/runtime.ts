/**
 * Where the benchmark runs the engine's models (`--runtime`): in Node (onnxruntime-node on
 * the CPU, quick accuracy work) or in headless Chromium (onnxruntime-web in the app's own
 * workers, WASM or WebGPU: what the product costs). Either way the same computation-aware
 * simulation drives the same engine; only where Silero VAD and Whisper compute, and so the
 * compute times on the virtual clock, differ.
 */
import type { Device, DtypeMap } from '../src/inference-worker/asr/model-catalog';
import type { WhisperTranscriber } from '../src/inference-worker/asr/whisper-transcriber';
import type { StreamingSettings } from '../src/inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../src/inference-worker/vad/speech-probability';
import { referenceSpeechRegions } from '../src/evaluation/reference-segmentation';
import { loadWarmNodeWhisper, nodeDtype, streamFile, withTrailingSilence, type CommonValues, type StreamedFile } from './common';
import { startChromiumRuntime, type ChromiumModel } from './chromium/chromium-runtime';

/** `node:util` parseArgs options of the runtime. */
export const RUNTIME_OPTIONS = {
  /** `node` (default) or `chromium`. */
  runtime: { type: 'string', default: 'node' },
  /** Chromium only: `wasm` (default) or `webgpu` (SwiftShader's CPU Vulkan here: its times mean nothing). */
  device: { type: 'string' },
} as const;

/** Chromium only: precisions that replace the app's choice for the device (`dtypeFor`); may differ per `--compare` variant. */
export const PRECISION_OPTIONS = {
  'encoder-dtype': { type: 'string' },
  'decoder-dtype': { type: 'string' },
} as const;

export interface RuntimeValues extends CommonValues {
  runtime?: string;
  device?: string;
  'encoder-dtype'?: string;
  'decoder-dtype'?: string;
}

export interface BenchRuntime {
  runtime: 'node' | 'chromium';
  /** `cpu` for Node, else the browser device. */
  device: 'cpu' | Device;
  /** The browser's user agent; null in Node. */
  browser: string | null;
  /**
   * Loads the model of these option values (once per distinct model) and says which, with
   * its precisions.
   * @throws Error for a model or precision that cannot be loaded on this runtime
   */
  prepare(values: RuntimeValues): Promise<string>;
  /** Streams one file (16 kHz mono; the trailing silence is added here) with the model of `values`. */
  stream(audio: Float32Array, values: RuntimeValues, settings: StreamingSettings): Promise<StreamedFile>;
  close(): Promise<void>;
}

/**
 * Checks, before anything loads, that the flags of one variant apply to the runtime
 * `--runtime` names (e.g. `--dtype` and `--no-guards` are Node's, `--encoder-dtype` Chromium's).
 * @throws Error naming the flag that does not apply
 */
export function checkRuntimeFlags(values: RuntimeValues): void {
  if (values.runtime === 'chromium') chromiumModel(values);
  else nodeModelKey(values);
}

/**
 * Opens the runtime `--runtime` names. `vad` (Node's Silero) computes the reference speech
 * regions on every runtime, so that all runtimes are scored against the same segmentation.
 * @throws Error for an unknown runtime or device, or options that do not apply to the runtime
 */
export async function openRuntime(values: RuntimeValues, vad: SpeechProbabilityModel, log: (line: string) => void): Promise<BenchRuntime> {
  if (values.runtime === 'node') {
    if (values.device !== undefined) throw new Error('--device applies to --runtime chromium only');
    return nodeRuntime(vad);
  }
  if (values.runtime !== 'chromium') throw new Error(`--runtime must be node or chromium, got ${values.runtime}`);
  const device = values.device ?? 'wasm';
  if (device !== 'wasm' && device !== 'webgpu') throw new Error(`--device must be wasm or webgpu, got ${device}`);
  const chromium = await startChromiumRuntime(device, log);
  log(`Chromium: ${chromium.environment.userAgent}; cross-origin isolated, ${chromium.environment.hardwareConcurrency} hardware threads`);
  return {
    runtime: 'chromium',
    device,
    browser: chromium.environment.userAgent,
    async prepare(v) {
      const loaded = await chromium.load(chromiumModel(v));
      return `${loaded.modelId} on ${loaded.device} (${loaded.dtype})`;
    },
    async stream(audio, v, settings) {
      const regions = await referenceSpeechRegions(audio, vad);
      const { simulation, peakMemoryBytes } = await chromium.stream(chromiumModel(v), withTrailingSilence(audio), settings);
      return { regions, simulation, computeMs: simulation.decodeComputeMs + simulation.vadComputeMs, peakRssBytes: peakMemoryBytes };
    },
    close: () => chromium.close(),
  };
}

function nodeRuntime(vad: SpeechProbabilityModel): BenchRuntime {
  const whispers = new Map<string, Promise<WhisperTranscriber>>();
  const whisperOf = (values: RuntimeValues) => {
    const key = nodeModelKey(values);
    if (!whispers.has(key)) whispers.set(key, loadWarmNodeWhisper(values));
    return whispers.get(key)!;
  };
  return {
    runtime: 'node',
    device: 'cpu',
    browser: null,
    async prepare(values) {
      await whisperOf(values);
      return `${values.model ?? 'whisper-tiny.en'} on onnxruntime-node (${nodeDtype(values)})`;
    },
    async stream(audio, values, settings) {
      return streamFile(audio, { vad, whisper: await whisperOf(values) }, settings);
    },
    async close() {
      for (const whisper of whispers.values()) await (await whisper).dispose();
    },
  };
}

/**
 * Which Node model the flags name: model, precision and guards, one loaded model per key.
 * @throws Error when `--encoder-dtype` or `--decoder-dtype` is given (they are Chromium's)
 */
function nodeModelKey(values: RuntimeValues): string {
  if (values['encoder-dtype'] !== undefined || values['decoder-dtype'] !== undefined) {
    throw new Error('--encoder-dtype and --decoder-dtype apply to --runtime chromium only; in Node, --dtype sets both');
  }
  return `${values.model ?? 'whisper-tiny.en'} ${nodeDtype(values)}${values['no-guards'] ? ' no-guards' : ''}`;
}

/**
 * The page's model for `--model` (a model id its `/models/` host serves; the default
 * `whisper-tiny.en` is `Xenova/whisper-tiny.en`) and the precision flags.
 * @throws Error when `--dtype` or `--no-guards` is given (they are Node's flags)
 */
function chromiumModel(values: RuntimeValues): ChromiumModel {
  if (values.dtype !== undefined) throw new Error('--dtype applies to --runtime node; in Chromium use --encoder-dtype and --decoder-dtype');
  if (values['no-guards']) throw new Error("--no-guards applies to --runtime node only: the app's worker always guards");
  const model = values.model ?? 'whisper-tiny.en';
  const dtypes: Partial<DtypeMap> = {
    ...(values['encoder-dtype'] === undefined ? {} : { encoder_model: values['encoder-dtype'] }),
    ...(values['decoder-dtype'] === undefined ? {} : { decoder_model_merged: values['decoder-dtype'] }),
  };
  return { modelId: model === 'whisper-tiny.en' ? 'Xenova/whisper-tiny.en' : model, dtypes };
}
