/// <reference lib="webworker" />
/**
 * The inference worker: receives 16 kHz frames straight from the AudioWorklet over a
 * MessagePort, runs Silero VAD and the streaming engine here, and sends decodes to the
 * Whisper decoder thread (`decoder-worker.ts`). Exposed with Comlink as
 * {@link InferenceWorkerApi}; events go to the main thread through the `onEvent` proxy.
 *
 * It acknowledges to the worklet the frames it no longer needs (`StreamingEngine.neededFromSample`),
 * so that when this worker dies, a new one is fed again from the oldest utterance without a
 * final. A worker started for such a restart numbers its utterances after the finals already
 * shown and times them from the first frame it hears.
 */
import * as Comlink from 'comlink';
import type { InferenceWorkerApi, ModelOptions } from './api';
import type { AckMessage, AudioFrameMessage, DrainMessage, DrainedMessage, EngineEvent, ErrorCode } from './protocol';
import type { DecoderWorkerApi } from './decoder-worker';
import { DecoderSupervisor, type StartDecoder } from './decoder-supervisor';
import { guardTranscriber } from './asr/hallucination-guards';
import { StreamingEngine } from './streaming/streaming-engine';
import { loadBrowserSileroVad } from './vad/browser-vad';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from './vad/speech-segmenter';
import { holdLifeLock, watchWorkerLife } from '../shared/life-lock';

/** How long Stop waits for the worklet to confirm that every frame it posted has arrived, ms. */
const DRAIN_TIMEOUT_MS = 2_000;

let engine: StreamingEngine | null = null;
let capturing = false;
/** The port of the current capture graph; a new Start brings a new one. */
let audioPort: MessagePort | null = null;
let emit: (event: EngineEvent) => void = () => {};

/** The capture session running now (between `start` and the end of `stop`). */
interface Session {
  /** Added to the engine's utterance ids (a restarted worker's follow the finals already shown). */
  utteranceIdBase: number;
  /** The capture frame index of the first frame heard in this session; null before it. */
  firstFrame: number | null;
  /** The frame last acknowledged to the worklet. */
  acked: number;
}
let session: Session | null = null;
/** Resolves the Stop waiting for the worklet's `drained`, if any. */
let onDrained: (() => void) | null = null;

const api: InferenceWorkerApi = {
  holdLifeLock,

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
          emit(inCaptureTime(event.type === 'final' && fallback ? { ...event, fallback } : event));
          // Once the engine has finished with the final's decode (synchronously after this event).
          if (event.type === 'final') queueMicrotask(acknowledge);
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
    port.onmessage = (event: MessageEvent<AudioFrameMessage | DrainedMessage>) => {
      const message = event.data;
      if (message.type === 'drained') {
        if (port === audioPort) onDrained?.();
        return;
      }
      if (!capturing || !engine || !session || message.type !== 'audio') return;
      session.firstFrame ??= message.index;
      engine
        .pushFrame(message.samples)
        .then(acknowledge)
        .catch((error: unknown) => {
          emit({ type: 'error', code: 'bad-audio', message: describe(error) });
        });
    };
  },

  start(utteranceIdBase = 0): void {
    if (!engine) return;
    session = { utteranceIdBase, firstFrame: null, acked: -1 };
    capturing = true;
    emit({ type: 'state', state: 'listening' });
  },

  async stop(): Promise<void> {
    if (!engine || !capturing) return;
    await drainAudio();
    capturing = false;
    await engine.flush();
    session = null;
    emit({ type: 'state', state: 'ready' });
  },

  updateSettings(settings) {
    engine?.updateSettings(settings);
  },
};

/**
 * Waits until every frame the worklet posted before now has arrived (its `drained` answer, or
 * the one it posts when a new capture replaces this port), at most {@link DRAIN_TIMEOUT_MS}.
 */
async function drainAudio(): Promise<void> {
  const port = audioPort;
  if (!port) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await new Promise<void>((drained) => {
    onDrained = drained;
    timer = setTimeout(drained, DRAIN_TIMEOUT_MS);
    const drain: DrainMessage = { type: 'drain' };
    port.postMessage(drain);
  });
  clearTimeout(timer);
  onDrained = null;
}

/** Tells the worklet which frames the engine no longer needs (when that changed). */
function acknowledge(): void {
  if (!engine || !session || session.firstFrame === null || !audioPort) return;
  const frame = session.firstFrame + Math.floor(engine.neededFromSample / VAD_FRAME_SAMPLES);
  if (frame === session.acked) return;
  session.acked = frame;
  const ack: AckMessage = { type: 'ack', frame };
  audioPort.postMessage(ack);
}

/** An engine event in capture time: utterance ids after the session's base, times from the capture's first frame. */
function inCaptureTime(event: EngineEvent): EngineEvent {
  if (!session || (event.type !== 'partial' && event.type !== 'final')) return event;
  const offset = ((session.firstFrame ?? 0) * VAD_FRAME_SAMPLES) / SAMPLE_RATE;
  const utteranceId = event.utteranceId + session.utteranceIdBase;
  if (event.type === 'partial') return { ...event, utteranceId, audioTime: event.audioTime + offset };
  return { ...event, utteranceId, start: event.start + offset, end: event.end + offset };
}

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
    failLoad(new Error(`the decoder stopped while loading (${reason})`));
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
