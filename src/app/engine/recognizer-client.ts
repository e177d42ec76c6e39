import * as Comlink from 'comlink';
import type { InferenceWorkerApi, ModelOptions } from '../../inference-worker/api';
import type { EngineEvent } from '../../inference-worker/protocol';
import { createCaptureGraph, type CaptureGraph } from '../audio/capture-graph';
import { openMicrophone } from '../audio/microphone';
import { AppError } from './app-error';

export interface RecognizerHandlers {
  /** Every engine event: the worker's, plus main-thread errors (microphone, worker crash). */
  onEvent(event: EngineEvent): void;
  /** Input level (linear RMS) while capturing; 0 when capture stops. */
  onLevel(rms: number): void;
  /**
   * Capture started (true: a new session, reported just before the worker starts it) or
   * ended (false), whether asked for or not (microphone lost).
   */
  onCapture(capturing: boolean): void;
}

/** Main-thread handle on the inference worker and the microphone. */
export interface RecognizerClient {
  /** Loads the model; progress, model, state and error events go to `onEvent`. */
  init(options: ModelOptions): Promise<void>;
  /** Opens the microphone and starts a capture session (no-op while capturing). */
  start(): Promise<void>;
  /** Ends the capture session; resolves once the last utterance is finalized. */
  stop(): Promise<void>;
  /** Stops capture and terminates the worker. */
  dispose(): void;
}

/**
 * Creates the inference worker and returns a client for it. start/stop calls run one after
 * another in call order, so a quick press-and-release (push-to-talk) is safe. Failures are
 * reported as `error` events, never thrown.
 */
export function createRecognizerClient(handlers: RecognizerHandlers): RecognizerClient {
  const worker = new Worker(new URL('../../inference-worker/worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<InferenceWorkerApi>(worker);
  worker.addEventListener('error', (event) => {
    handlers.onEvent({
      type: 'error',
      code: 'model-load-failed',
      message: `The speech engine crashed${event.message ? `: ${event.message}` : ''}. Reload the page to retry.`,
    });
    handlers.onEvent({ type: 'state', state: 'error' });
  });

  let graph: CaptureGraph | null = null;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => (queue = queue.then(task, task));

  const report = (error: unknown, fallback: AppError) => {
    const appError = error instanceof AppError ? error : fallback;
    handlers.onEvent({ type: 'error', code: appError.code, message: appError.message });
  };

  const endCapture = async () => {
    const current = graph;
    if (!current) return;
    graph = null;
    await current.stop();
    handlers.onLevel(0);
    handlers.onCapture(false);
    try {
      await api.stop();
    } catch (error) {
      report(error, new AppError('decode-failed', `Finishing the transcript failed: ${String(error)}`));
    }
  };

  const onMicrophoneEnded = () => {
    handlers.onEvent({
      type: 'error',
      code: 'mic-unavailable',
      message: 'The microphone was disconnected. Reconnect it, then press Start again.',
    });
    void enqueue(endCapture);
  };

  return {
    async init(options) {
      try {
        await api.init(options, Comlink.proxy(handlers.onEvent));
      } catch (error) {
        report(error, new AppError('model-load-failed', `The speech engine failed to start: ${String(error)}`));
        handlers.onEvent({ type: 'state', state: 'error' });
      }
    },

    start: () =>
      enqueue(async () => {
        if (graph) return;
        try {
          const stream = await openMicrophone();
          const created = await createCaptureGraph(stream, { onLevel: handlers.onLevel, onEnded: onMicrophoneEnded });
          try {
            await api.attachAudio(Comlink.transfer(created.workerPort, [created.workerPort]));
            // Reported before the worker starts, so its first events belong to the new session.
            handlers.onCapture(true);
            await api.start();
          } catch (error) {
            await created.stop();
            handlers.onCapture(false);
            throw error;
          }
          graph = created;
        } catch (error) {
          report(error, new AppError('bad-audio', `Audio capture could not start: ${String(error)}`));
        }
      }),

    stop: () => enqueue(endCapture),

    dispose() {
      void graph?.stop();
      graph = null;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
