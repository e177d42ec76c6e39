/// <reference lib="webworker" />
/**
 * The inference worker: receives 16 kHz frames straight from the AudioWorklet over a
 * MessagePort, runs Silero VAD and the streaming engine here, and sends decodes to the
 * Whisper decoder thread (`decoder-worker.ts`). Exposed with Comlink as
 * {@link InferenceWorkerApi}; events go to the main thread through the `onEvent` proxy.
 */
import * as Comlink from 'comlink';
import type { InferenceWorkerApi, ModelOptions } from './api';
import type { AudioFrameMessage, EngineEvent, ErrorCode } from './protocol';
import type { DecoderWorkerApi } from './decoder-worker';
import { DecoderSupervisor, type StartDecoder } from './decoder-supervisor';
import { guardTranscriber } from './asr/hallucination-guards';
import { StreamingEngine } from './streaming/streaming-engine';
import { loadBrowserSileroVad } from './vad/browser-vad';
import { watchWorkerLife } from '../shared/life-lock';

let engine: StreamingEngine | null = null;
let capturing = false;
/** The port of the current capture graph; a new Start brings a new one. */
let audioPort: MessagePort | null = null;
let emit: (event: EngineEvent) => void = () => {};

const api: InferenceWorkerApi = {
  async init(options: ModelOptions, onEvent: (event: EngineEvent) => void): Promise<void> {
    emit = onEvent;
    emit({ type: 'state', state: 'loading' });
    try {
      const [vad, supervisor] = await Promise.all([loadVad(), loadDecoder(options)]);
      engine = new StreamingEngine({
        vad,
        transcriber: guardTranscriber(supervisor),
        // Finals come right after their own decode (one decode at a time): mark the fallback's.
        onEvent: (event) => {
          const fallback = event.type === 'final' ? supervisor.fallbackOfLastDecode() : undefined;
          emit(event.type === 'final' && fallback ? { ...event, fallback } : event);
        },
      });
      emit({ type: 'state', state: 'ready' });
    } catch (error) {
      const code = error instanceof LoadError ? error.code : 'model-load-failed';
      emit({ type: 'error', code, message: describe(error) });
      emit({ type: 'state', state: 'error' });
    }
  },

  attachAudio(port: MessagePort): void {
    audioPort?.close();
    audioPort = port;
    port.onmessage = (event: MessageEvent<AudioFrameMessage>) => {
      if (!capturing || !engine || event.data.type !== 'audio') return;
      engine.pushFrame(event.data.samples).catch((error: unknown) => {
        emit({ type: 'error', code: 'bad-audio', message: describe(error) });
      });
    };
  },

  start(): void {
    if (!engine) return;
    capturing = true;
    emit({ type: 'state', state: 'listening' });
  },

  async stop(): Promise<void> {
    if (!engine || !capturing) return;
    capturing = false;
    await engine.flush();
    emit({ type: 'state', state: 'ready' });
  },

  updateSettings(settings) {
    engine?.updateSettings(settings);
  },
};

/** A load failure with the error code the UI shows it under. */
class LoadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Silero VAD in this worker ({@link loadBrowserSileroVad}). */
async function loadVad() {
  try {
    return await loadBrowserSileroVad();
  } catch (error) {
    throw new LoadError('vad-load-failed', `Voice activity detector failed to load: ${describe(error)}`);
  }
}

/**
 * Starts the decoder thread and loads Whisper there (downloading missing model files) under a
 * {@link DecoderSupervisor}, which restarts it when it dies or hangs. Progress, warm-up and
 * loaded-model events pass on to the main thread.
 * @throws LoadError: `storage-full` when the model does not fit, else `model-load-failed`
 */
async function loadDecoder(options: ModelOptions): Promise<DecoderSupervisor> {
  try {
    return await DecoderSupervisor.start({ model: options, startDecoder: startDecoderWorker, onEvent: (event) => emit(event) });
  } catch (error) {
    // Errors cross Comlink as plain Errors that keep their `name`.
    if (error instanceof Error && error.name === 'StorageFullError') throw new LoadError('storage-full', error.message);
    throw new LoadError('model-load-failed', `Model ${options.modelId} failed to load: ${describe(error)}`);
  }
}

/**
 * One decoder worker (named `sotto-decoder`) with `model` loaded. Its death is found through
 * its life lock (`shared/life-lock.ts`) within milliseconds, whether it is loading, idle or
 * decoding; its `error` event and a lost WebGPU device reported from inside it count as its
 * death too. A death during the load fails the load.
 * @throws Error when the worker does not start, the load fails or the worker dies during it;
 *   the worker is then ended.
 */
const startDecoderWorker: StartDecoder = async (model, onDeath) => {
  const worker = new Worker(new URL('./decoder-worker.ts', import.meta.url), { type: 'module', name: 'sotto-decoder' });
  const remote = Comlink.wrap<DecoderWorkerApi>(worker);
  let failLoad: (error: Error) => void = () => {};
  const diedDuringLoad = new Promise<never>((_, reject) => (failLoad = reject));
  const died = (reason: string) => {
    failLoad(new Error(`The decoder ${reason}`));
    onDeath({ kind: 'crashed', reason });
  };
  worker.addEventListener('error', (event) => {
    // Handled here: unhandled, it would also end this worker's own session.
    event.preventDefault();
    died(`it crashed${event.message ? `: ${event.message}` : ''}`);
  });
  const onDeviceLost = (reason: string) => onDeath({ kind: 'device-lost', reason });
  let stopWatching = () => {};
  const end = () => {
    stopWatching();
    remote[Comlink.releaseProxy]();
    worker.terminate();
  };
  try {
    stopWatching = await Promise.race([watchWorkerLife('decoder', (name) => remote.holdLifeLock(name), () => died('its thread ended')), diedDuringLoad]);
    const loaded = await Promise.race([remote.load(model, Comlink.proxy((event: EngineEvent) => emit(event)), Comlink.proxy(onDeviceLost)), diedDuringLoad]);
    return {
      loaded,
      // Copied, not transferred: the supervisor may send the same audio to a restarted decoder.
      transcribe: (audio, decodeOptions) => remote.transcribe(audio, decodeOptions),
      terminate: end,
    };
  } catch (error) {
    end();
    throw error;
  }
};

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

Comlink.expose(api);
