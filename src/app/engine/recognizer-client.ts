import * as Comlink from 'comlink';
import type { InferenceWorkerApi, ModelOptions } from '../../inference-worker/api';
import type { EngineEvent } from '../../inference-worker/protocol';
import { createCaptureGraph, type CaptureGraph } from '../audio/capture-graph';
import { openMicrophone } from '../audio/microphone';
import { createCaptureSessions, type SessionWorker } from './capture-sessions';
import type { StreamingSettings } from '../../inference-worker/streaming/settings';
import { watchWorkerLife } from '../../shared/life-lock';

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
 * Deaths of the inference worker in a row, with no final between them, after which it is no
 * longer restarted (something in the page kills every worker: a restart would only loop).
 */
export const MAX_ENGINE_RESTARTS_IN_A_ROW = 3;

/** One inference worker: its Comlink remote, and the end of its thread (its life lock). */
interface EngineWorker {
  api: Comlink.Remote<InferenceWorkerApi>;
  /** Resolves when the worker's thread has ended. */
  ended: Promise<void>;
  /** Stops watching and terminates the worker. */
  end(): void;
}

/**
 * Creates the inference worker and returns a client for it. Start opens the microphone at
 * once, even while the previous session's last final is still being decoded; the sessions
 * reach the worker one after another in call order (`createCaptureSessions`), so a quick
 * press-and-release (push-to-talk) is safe. Failures are reported as `error` events, never
 * thrown.
 *
 * The worker is watched through its life lock (`shared/life-lock.ts`): its death is found
 * within milliseconds, whatever it is doing. Then an `engine-crashed` error says so, a new
 * worker loads the same model, takes the settings, and, when a capture session was open,
 * resumes it: the AudioWorklet posts again the frames the dead worker had not acknowledged
 * (from the oldest utterance without a final), so what was said before and during the restart
 * is transcribed, and the restarted worker's utterances follow the finals already shown. A
 * Stop that was waiting on the dead worker ends on the new one. After
 * {@link MAX_ENGINE_RESTARTS_IN_A_ROW} deaths with no final between them it gives up, saying so.
 */
export function createRecognizerClient(handlers: RecognizerHandlers): RecognizerClient {
  let options: ModelOptions | null = null;
  let settings: Partial<StreamingSettings> | null = null;
  let disposed = false;
  /** The live worker; null while none is (loading, restarting, given up). */
  let running: EngineWorker | null = null;
  /** The live worker, or the load or restart that brings one (rejects when it failed or gave up). */
  let current: Promise<EngineWorker> = Promise.reject(new Error('The speech engine was not started.'));
  current.catch(() => {});
  let restarting = false;
  let restartsInARow = 0;
  /** The worker's capture session: open from `start` to the end of `stop`, and the capture it hears. */
  let sessionOpen = false;
  let sessionGraph: CaptureGraph | null = null;
  /** The session's highest final and partial utterance ids: a restarted worker numbers after them. */
  let lastFinalId = 0;
  let lastPartialId = 0;

  const onEvent = (event: EngineEvent) => {
    if (event.type === 'final') {
      lastFinalId = Math.max(lastFinalId, event.utteranceId);
      restartsInARow = 0;
    }
    if (event.type === 'partial') lastPartialId = Math.max(lastPartialId, event.utteranceId);
    // A worker restarted in mid-session is `ready` before it resumes the session: that would end the open partial.
    if (restarting && sessionOpen && event.type === 'state' && event.state === 'ready') return;
    handlers.onEvent(event);
  };

  /**
   * A new worker, watched, with the model loaded and the settings applied.
   * @throws Error when the worker does not start, or its thread ends while it loads.
   */
  const spawn = async (model: ModelOptions): Promise<EngineWorker> => {
    const worker = new Worker(new URL('../../inference-worker/worker.ts', import.meta.url), { type: 'module', name: 'sotto-inference' });
    const api = Comlink.wrap<InferenceWorkerApi>(worker);
    let reportEnd = () => {};
    const ended = new Promise<void>((resolve) => (reportEnd = resolve));
    let failStart: (error: Error) => void = () => {};
    const startFailed = new Promise<never>((_, reject) => (failStart = reject));
    // A script that fails to load or evaluate; once started, an uncaught error does not end a worker.
    worker.addEventListener('error', (event) => failStart(new Error(`it crashed${event.message ? `: ${event.message}` : ''}`)));
    let stopWatching = () => {};
    let over = false;
    const engine: EngineWorker = {
      api,
      ended,
      end() {
        if (over) return;
        over = true;
        stopWatching();
        api[Comlink.releaseProxy]();
        worker.terminate();
      },
    };
    try {
      stopWatching = await Promise.race([watchWorkerLife('inference', (name) => api.holdLifeLock(name), reportEnd), startFailed]);
      const endedWhileLoading = ended.then(() => Promise.reject(new Error('its thread ended while it loaded')));
      await Promise.race([api.init(model, Comlink.proxy(onEvent)), endedWhileLoading, startFailed]);
    } catch (error) {
      engine.end();
      throw error;
    }
    if (settings) void api.updateSettings(settings);
    void ended.then(() => onDied(engine));
    return engine;
  };

  const onDied = (dead: EngineWorker) => {
    if (disposed || running !== dead) return;
    running = null;
    dead.end();
    restarting = true;
    current = restart();
    current.catch(() => {});
  };

  /** Restarts the worker (resuming the open session), up to {@link MAX_ENGINE_RESTARTS_IN_A_ROW} times in a row. */
  const restart = async (): Promise<EngineWorker> => {
    let cause = 'its thread ended';
    for (;;) {
      restartsInARow++;
      if (restartsInARow > MAX_ENGINE_RESTARTS_IN_A_ROW) {
        restarting = false;
        const message = `The speech engine stopped (${cause}) and could not be restarted. Reload the page; the transcript so far stays on screen.`;
        handlers.onEvent({ type: 'error', code: 'engine-crashed', message });
        handlers.onEvent({ type: 'state', state: 'error' });
        throw new Error(message);
      }
      handlers.onEvent({
        type: 'error',
        code: 'engine-crashed',
        message: `The speech engine stopped (${cause}). Restarting it; what you say meanwhile is kept and transcribed once it is back.`,
      });
      try {
        const engine = await spawn(options!);
        const outcome = await resumeSession(engine);
        running = engine;
        restarting = false;
        handlers.onEvent({ type: 'error', code: 'engine-crashed', message: `The speech engine stopped (${cause}) and was restarted: ${outcome}.` });
        return engine;
      } catch (error) {
        cause = `its restart failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  };

  /** Opens the capture session again in a restarted worker, fed from the worklet's ring buffer; says what was lost. */
  const resumeSession = async (engine: EngineWorker): Promise<string> => {
    if (!sessionOpen) return 'dictation can go on';
    if (!sessionGraph) {
      await engine.api.start(lastFinalId);
      return 'dictation goes on';
    }
    const { port, lostSeconds } = await sessionGraph.resume();
    // Audio lost: the open partial's words are kept as a line, and new utterances follow it.
    await engine.api.start(lostSeconds === 0 ? lastFinalId : Math.max(lastFinalId, lastPartialId));
    await engine.api.attachAudio(Comlink.transfer(port, [port]));
    if (lostSeconds === null) return 'the end of the previous capture could not be heard again';
    if (lostSeconds > 0) return `${lostSeconds.toFixed(1)} s of audio before the restart could not be heard again`;
    return 'nothing said was lost';
  };

  /** Runs `call` on the live worker; when that worker dies first, returns, and the restart takes over (start, attach). */
  const onceOnLive = async (call: (engine: EngineWorker) => Promise<void>): Promise<void> => {
    const engine = await current;
    await Promise.race([call(engine), engine.ended]);
  };

  const sessionWorker: SessionWorker = {
    start() {
      sessionOpen = true;
      sessionGraph = null;
      lastFinalId = 0;
      lastPartialId = 0;
      return onceOnLive((engine) => engine.api.start());
    },
    attachAudio(graph) {
      sessionGraph = graph;
      // A restart under way resumes this capture itself.
      if (restarting) return Promise.resolve();
      return onceOnLive((engine) => engine.api.attachAudio(Comlink.transfer(graph.workerPort, [graph.workerPort])));
    },
    async stop() {
      // A Stop on a worker that dies runs again on the restarted one, which heard the session again.
      for (;;) {
        const engine = await current;
        const stopped = await Promise.race([engine.api.stop().then(() => true), engine.ended.then(() => false)]);
        if (stopped) break;
      }
      sessionOpen = false;
      sessionGraph = null;
    },
  };

  const sessions = createCaptureSessions(sessionWorker, async (onEnded) => createCaptureGraph(await openMicrophone(), { onLevel: handlers.onLevel, onEnded }), handlers);

  return {
    async init(model) {
      options = model;
      current = spawn(model);
      try {
        running = await current;
      } catch (error) {
        const message = `The speech engine failed to start: ${error instanceof Error ? error.message : String(error)}`;
        handlers.onEvent({ type: 'error', code: 'model-load-failed', message });
        handlers.onEvent({ type: 'state', state: 'error' });
      }
    },
    start: sessions.start,
    stop: sessions.stop,
    updateSettings(update) {
      settings = { ...settings, ...update };
      void current.then((engine) => engine.api.updateSettings(update), () => {});
    },
    dispose() {
      disposed = true;
      sessions.close();
      running?.end();
      void current.then((engine) => engine.end(), () => {});
    },
  };
}
