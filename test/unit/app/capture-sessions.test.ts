import { describe, expect, it } from 'vitest';
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { createCaptureSessions, type SessionWorker } from '../../../src/app/engine/capture-sessions';
import type { CaptureGraph } from '../../../src/app/audio/capture-graph';
import { AppError } from '../../../src/app/engine/app-error';
import { VAD_FRAME_SAMPLES } from '../../../src/inference-worker/vad/speech-segmenter';

/** Lets every queued promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A scripted worker and microphone that log every call in order. The worker's `stop` stays
 * pending (the previous session's final being decoded) until `finishStop` emits that final
 * and resolves it. Each opened microphone posts `framesBeforeAttach` frames on a real
 * MessageChannel before the worker gets its port; the worker counts the frames it receives.
 */
function harness(framesBeforeAttach = 0) {
  const log: string[] = [];
  const pendingStops: (() => void)[] = [];
  let opened = 0;
  let session = 0;
  const received: number[] = [];
  let failNextOpen: AppError | null = null;
  const handlers = {
    onEvent: (event: { type: string; code?: string; text?: string }) =>
      log.push(event.type === 'final' ? `final ${event.text}` : `${event.type} ${event.code ?? ''}`.trim()),
    onLevel: () => {},
    onCapture: (capturing: boolean) => log.push(`capture ${capturing}`),
  };
  const worker: SessionWorker = {
    async start() {
      session += 1;
      received[session] = 0;
      log.push(`worker.start ${session}`);
    },
    async attachAudio(graph) {
      const mine = session;
      log.push(`worker.attach ${mine}`);
      (graph.workerPort as unknown as NodeMessagePort).on('message', () => (received[mine] = (received[mine] ?? 0) + 1));
    },
    stop() {
      const mine = session;
      log.push(`worker.stop ${mine}`);
      return new Promise<void>((resolve) =>
        pendingStops.push(() => {
          handlers.onEvent({ type: 'final', text: `of session ${mine}` });
          resolve();
        }),
      );
    },
  };
  const openCapture = async (): Promise<CaptureGraph> => {
    if (failNextOpen) {
      const error = failNextOpen;
      failNextOpen = null;
      throw error;
    }
    opened += 1;
    log.push(`mic open ${opened}`);
    const channel = new NodeMessageChannel();
    for (let i = 0; i < framesBeforeAttach; i++) channel.port1.postMessage({ type: 'audio', samples: new Float32Array(VAD_FRAME_SAMPLES) });
    const n = opened;
    return {
      workerPort: channel.port2 as unknown as MessagePort,
      resume: () => Promise.reject(new Error('no worker restarts in these tests')),
      async stop() {
        log.push(`mic close ${n}`);
        channel.port1.close();
      },
    };
  };
  const sessions = createCaptureSessions(worker, openCapture, handlers as never);
  return {
    log,
    received,
    sessions,
    finishStop: async () => {
      pendingStops.shift()!();
      await settle();
    },
    failNextOpen: (error: AppError) => (failNextOpen = error),
  };
}
type NodeMessagePort = import('node:worker_threads').MessagePort;

/** Start, Stop, and Start again while the first session's final is still being decoded. */
async function startStopStart(h: ReturnType<typeof harness>): Promise<void> {
  void h.sessions.start();
  await settle();
  void h.sessions.stop();
  await settle();
  void h.sessions.start();
  await settle();
}

describe('capture sessions (start during transcribing)', () => {
  it('opens the microphone at once while the previous final is decoded, and starts the worker session only after it', async () => {
    const h = harness();
    await startStopStart(h);
    // The previous final is still being decoded: the microphone is open, the worker not yet started.
    expect(h.log).toEqual(['mic open 1', 'capture true', 'worker.start 1', 'worker.attach 1', 'mic close 1', 'capture false', 'worker.stop 1', 'mic open 2']);
    await h.finishStop();
    // The previous session's final lands before the new session opens; the worker starts before it gets audio.
    expect(h.log.slice(8)).toEqual(['final of session 1', 'capture true', 'worker.start 2', 'worker.attach 2']);
  });

  it('push-to-talk during a slow final: every frame captured meanwhile reaches the worker before its stop', async () => {
    const h = harness(40);
    await startStopStart(h);
    const stopped = h.sessions.stop();
    let finalized = false;
    void stopped.then(() => (finalized = true));
    await settle();
    expect(h.log.filter((entry) => entry.startsWith('mic'))).toEqual(['mic open 1', 'mic close 1', 'mic open 2', 'mic close 2']);
    await h.finishStop();
    expect(h.log.slice(-5)).toEqual(['capture true', 'worker.start 2', 'worker.attach 2', 'capture false', 'worker.stop 2']);
    expect(finalized).toBe(false);
    expect(h.received[2]).toBe(40);
    await h.finishStop();
    expect(finalized).toBe(true);
    expect(h.log.at(-1)).toBe('final of session 2');
  });

  it('a microphone that fails to open is reported, and the next Start works', async () => {
    const h = harness();
    h.failNextOpen(new AppError('mic-denied', 'denied'));
    await h.sessions.start();
    await h.sessions.start();
    await settle();
    expect(h.log).toEqual(['error mic-denied', 'mic open 1', 'capture true', 'worker.start 1', 'worker.attach 1']);
  });
});
