/// <reference lib="webworker" />
/**
 * The Chromium runtime's stand-in for the inference worker: Silero VAD here on
 * onnxruntime-web (the app's loader, {@link loadBrowserSileroVad}) and Whisper in the app's
 * own decoder worker (`src/inference-worker/decoder-worker.ts`, one per set of model options),
 * with the computation-aware simulation ({@link simulateRealtime}) driving the real
 * streaming engine between them. So the VAD and every decode cost what they cost in the
 * browser, on the same threads as in the app. Exposed with Comlink as {@link BenchWorkerApi}.
 */
import * as Comlink from 'comlink';
import type { ModelOptions } from '../../src/inference-worker/api';
import type { DecoderWorkerApi, LoadedModel } from '../../src/inference-worker/decoder-worker';
import type { EngineEvent } from '../../src/inference-worker/protocol';
import type { Transcriber } from '../../src/inference-worker/asr/transcriber';
import type { StreamingSettings } from '../../src/inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../../src/inference-worker/vad/speech-probability';
import { loadBrowserSileroVad } from '../../src/inference-worker/vad/browser-vad';
import { simulateRealtime, type SimulationResult } from '../../src/simulation/realtime-simulation';

/** Decoder workers by the key the driver loaded them under. */
const decoders = new Map<string, Transcriber>();
let vad: Promise<SpeechProbabilityModel> | null = null;

const api = {
  /**
   * Starts a decoder worker and loads Whisper in it as the app does (model files stored in
   * IndexedDB from `options.host` first), under `key`. Model events go to the console, where
   * the driver shows them.
   * @throws Error when the model does not load on the requested device (no fallback here:
   *   a benchmark of another device than the one asked for would mislead)
   */
  async load(key: string, options: ModelOptions): Promise<LoadedModel> {
    const worker = new Worker(new URL('../../src/inference-worker/decoder-worker.ts', import.meta.url), { type: 'module', name: `sotto-decoder-${key}` });
    const decoder = Comlink.wrap<DecoderWorkerApi>(worker);
    const loaded = await decoder.load(options, Comlink.proxy((event: EngineEvent) => logEvent(key, event)));
    if (options.device && loaded.device !== options.device) {
      worker.terminate();
      throw new Error(`${options.modelId} was asked for on ${options.device} but loaded on ${loaded.device}: ${loaded.fallbackReason ?? ''}`);
    }
    // A copy is transferred: the engine may still read the array it passed (a detached buffer
    // made the WebGPU run fail with "Cannot perform %TypedArray%.prototype.slice on a detached ArrayBuffer").
    decoders.set(key, {
      transcribe: (audio, decodeOptions) => {
        const copy = audio.slice();
        return decoder.transcribe(Comlink.transfer(copy, [copy.buffer]), decodeOptions);
      },
    });
    return loaded;
  },

  /**
   * Streams one file through the engine with the decoder loaded under `key`.
   * @param audioBase64 the stream (file plus trailing silence), 16 kHz mono Float32 samples, base64
   * @throws Error for an unknown key or a VAD that fails to load
   */
  async run(key: string, audioBase64: string, settings: StreamingSettings): Promise<SimulationResult> {
    const transcriber = decoders.get(key);
    if (!transcriber) throw new Error(`no decoder loaded under "${key}"`);
    vad ??= loadBrowserSileroVad();
    const model = await vad;
    model.reset();
    return simulateRealtime(decodeFloat32(audioBase64), { vad: model, transcriber, settings });
  },

  /** Whether the page is cross-origin isolated (SharedArrayBuffer, multi-threaded WASM), and its thread count. */
  environment(): { crossOriginIsolated: boolean; hardwareConcurrency: number; userAgent: string } {
    return { crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent };
  },
};

export type BenchWorkerApi = typeof api;

function logEvent(key: string, event: EngineEvent): void {
  if (event.type === 'progress') return;
  console.log(`[${key}] ${JSON.stringify(event)}`);
}

/** Inverse of the driver's `encodeFloat32`: base64 of little-endian Float32 samples. */
function decodeFloat32(base64: string): Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

Comlink.expose(api);
