import type { CaptureGraph } from '../audio/capture-graph';
import { AppError } from './app-error';
import type { RecognizerHandlers } from './recognizer-client';

/** What capture sessions need of the inference worker (`InferenceWorkerApi`, over Comlink). */
export interface SessionWorker {
  /** Starts a session: the worker accepts audio from here on. */
  start(): Promise<void>;
  /** Hands the session's capture to the worker: its frame port (transferred), and the graph for a restarted worker to resume. */
  attachAudio(graph: CaptureGraph): Promise<void>;
  /** Ends the session; resolves once its last utterance is finalized. */
  stop(): Promise<void>;
}

export interface CaptureSessions {
  /** Opens the microphone now; the worker starts the session once the previous one is finalized. */
  start(): Promise<void>;
  /** Closes the microphone now; resolves once the worker finalized the session's last utterance. */
  stop(): Promise<void>;
  /** Closes the microphone; the worker is left to the caller. */
  close(): void;
}

/**
 * Runs capture sessions on two queues, so Start never waits for the previous final:
 * - the microphone queue (open on start, close on stop, in call order: a quick
 *   press-and-release is safe) runs at once;
 * - the worker queue starts and stops each session in the worker in the same order, a
 *   session only after the previous one's `stop` resolved (its last final emitted), so every
 *   event of a session arrives between its `onCapture(true)` and the next one's.
 * Frames captured meanwhile wait in the session's MessagePort and reach the worker when it
 * is attached, so nothing said while the previous final completes is lost; the level meter
 * moves from the first frame. The worker is started before the port is attached, so no
 * frame arrives while it still refuses audio. Failures are reported as `error` events,
 * never thrown.
 * @param openCapture opens the microphone and builds the capture graph; rejects with an
 *   AppError (`mic-denied`, `mic-unavailable`) or any Error (reported as `bad-audio`).
 */
export function createCaptureSessions(
  worker: SessionWorker,
  openCapture: (onEnded: () => void) => Promise<CaptureGraph>,
  handlers: RecognizerHandlers,
): CaptureSessions {
  /** The open microphone's session; null when closed. */
  let current: { graph: CaptureGraph; started: boolean; closed: boolean } | null = null;
  let microphone: Promise<void> = Promise.resolve();
  let engine: Promise<void> = Promise.resolve();
  const report = (error: unknown, fallback: AppError) => {
    const appError = error instanceof AppError ? error : fallback;
    handlers.onEvent({ type: 'error', code: appError.code, message: appError.message });
  };
  /** Queues keep going after a failed task (reported), so one failure never blocks later sessions. */
  const reportUnexpected = (error: unknown) => report(error, new AppError('bad-audio', `Audio capture failed: ${String(error)}`));
  const onMicrophone = (task: () => Promise<void>) => (microphone = microphone.then(task).catch(reportUnexpected));
  const onEngine = (task: () => Promise<void>) => (engine = engine.then(task).catch(reportUnexpected));
  /** The worker's stop of the latest closed session. */
  let finalized: Promise<void> = Promise.resolve();

  const closeMicrophone = async () => {
    const session = current;
    if (!session) return;
    current = null;
    session.closed = true;
    await session.graph.stop();
    handlers.onLevel(0);
    if (session.started) handlers.onCapture(false);
    // Not awaited: the next Start opens the microphone while this session is finalized.
    finalized = onEngine(async () => {
      try {
        await worker.stop();
      } catch (error) {
        report(error, new AppError('decode-failed', `Finishing the transcript failed: ${String(error)}`));
      }
    });
  };

  const onMicrophoneEnded = () => {
    handlers.onEvent({
      type: 'error',
      code: 'mic-unavailable',
      message: 'The microphone was disconnected. Reconnect it, then press Start again.',
    });
    void onMicrophone(closeMicrophone);
  };

  return {
    start: () =>
      onMicrophone(async () => {
        if (current) return;
        let graph: CaptureGraph;
        try {
          graph = await openCapture(onMicrophoneEnded);
        } catch (error) {
          report(error, new AppError('bad-audio', `Audio capture could not start: ${String(error)}`));
          return;
        }
        const session = { graph, started: false, closed: false };
        current = session;
        void onEngine(async () => {
          // Reported before the worker starts, so its first events belong to the new session.
          handlers.onCapture(true);
          session.started = true;
          try {
            await worker.start();
            await worker.attachAudio(graph);
          } catch (error) {
            report(error, new AppError('bad-audio', `Audio capture could not start: ${String(error)}`));
            if (current === session) current = null;
            session.closed = true;
            await graph.stop();
            handlers.onLevel(0);
          }
          if (session.closed) handlers.onCapture(false);
        });
      }),

    stop: () => onMicrophone(closeMicrophone).then(() => finalized),

    close() {
      void current?.graph.stop();
      current = null;
    },
  };
}
