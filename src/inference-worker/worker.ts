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
import type { Transcriber } from './asr/transcriber';
import { guardTranscriber } from './asr/hallucination-guards';
import { StreamingEngine } from './streaming/streaming-engine';
import { loadBrowserSileroVad } from './vad/browser-vad';

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
      const [vad, transcriber] = await Promise.all([loadVad(), loadDecoder(options)]);
      engine = new StreamingEngine({ vad, transcriber, onEvent: (event) => emit(event) });
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
 * Starts the decoder thread, loads Whisper there (downloading missing model files), and
 * passes its progress, warm-up and loaded-model events on.
 * @throws LoadError: `storage-full` when the model does not fit, else `model-load-failed`
 */
async function loadDecoder(options: ModelOptions): Promise<Transcriber> {
  const worker = new Worker(new URL('./decoder-worker.ts', import.meta.url), { type: 'module', name: 'sotto-decoder' });
  const decoder = Comlink.wrap<DecoderWorkerApi>(worker);
  let loaded;
  try {
    loaded = await decoder.load(options, Comlink.proxy((event: EngineEvent) => emit(event)));
  } catch (error) {
    worker.terminate();
    // Errors cross Comlink as plain Errors that keep their `name`.
    if (error instanceof Error && error.name === 'StorageFullError') throw new LoadError('storage-full', error.message);
    throw new LoadError('model-load-failed', `Model ${options.modelId} failed to load: ${describe(error)}`);
  }
  emit({ type: 'model', modelId: loaded.modelId, device: loaded.device, dtype: loaded.dtype, note: loaded.fallbackReason });
  return guardTranscriber({ transcribe: (audio) => decoder.transcribe(Comlink.transfer(audio, [audio.buffer])) });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

Comlink.expose(api);
