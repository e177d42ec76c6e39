import * as Comlink from 'comlink';
import type { InferenceWorkerApi, ModelOptions } from '../../inference-worker/api';
import type { EngineEvent } from '../../inference-worker/protocol';
import { createCaptureGraph } from '../audio/capture-graph';
import { openMicrophone } from '../audio/microphone';
import { createCaptureSessions } from './capture-sessions';
import type { StreamingSettings } from '../../inference-worker/streaming/settings';

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
  /**
   * Opens the microphone at once and starts a capture session, in the worker as soon as the
   * previous session is finalized (no-op while capturing).
   */
  start(): Promise<void>;
  /** Ends the capture session; resolves once its last utterance is finalized. */
  stop(): Promise<void>;
  /** Changes the engine's settings (the Language section's); they apply from the next decode. Call after `init` resolves. */
  updateSettings(settings: Partial<StreamingSettings>): void;
  /** Stops capture and terminates the worker. */
  dispose(): void;
}

/**
 * Creates the inference worker and returns a client for it. Start opens the microphone at
 * once, even while the previous session's last final is still being decoded; the sessions
 * reach the worker one after another in call order (`createCaptureSessions`), so a quick
 * press-and-release (push-to-talk) is safe. Failures are reported as `error` events, never
 * thrown.
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

  const sessions = createCaptureSessions(
    {
      start: () => api.start(),
      attachAudio: (port) => api.attachAudio(Comlink.transfer(port, [port])),
      stop: () => api.stop(),
    },
    async (onEnded) => createCaptureGraph(await openMicrophone(), { onLevel: handlers.onLevel, onEnded }),
    handlers,
  );

  return {
    async init(options) {
      try {
        await api.init(options, Comlink.proxy(handlers.onEvent));
      } catch (error) {
        const message = `The speech engine failed to start: ${error instanceof Error ? error.message : String(error)}`;
        handlers.onEvent({ type: 'error', code: 'model-load-failed', message });
        handlers.onEvent({ type: 'state', state: 'error' });
      }
    },
    start: sessions.start,
    stop: sessions.stop,
    updateSettings: (settings) => void api.updateSettings(settings),
    dispose() {
      sessions.close();
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
