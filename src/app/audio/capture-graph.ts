import type { ConnectPortMessage, LevelMessage } from '../../inference-worker/protocol';
import workletUrl from '../../audio-worklet/capture-processor.ts?worker&url';

/** A running capture: microphone → AudioWorklet ('sotto-capture') → MessagePort to the worker. */
export interface CaptureGraph {
  /**
   * The port the worklet posts 16 kHz frames on; transfer it to the inference worker. Frames
   * posted before it is transferred wait in it (MessagePort queues until started), so none is
   * lost while the worker finishes the previous session.
   */
  readonly workerPort: MessagePort;
  /** Stops the microphone tracks and suspends the shared audio context. Idempotent. */
  stop(): Promise<void>;
}

export interface CaptureGraphHandlers {
  /** RMS of each 16 kHz frame, linear 0..1, for the level meter. */
  onLevel(rms: number): void;
  /** The microphone went away (unplugged, revoked) while capturing. */
  onEnded(): void;
}

/** The page's one audio context and capture worklet node, reused by every capture session. */
interface CaptureContext {
  context: AudioContext;
  node: AudioWorkletNode;
}

let shared: Promise<CaptureContext> | null = null;

/**
 * The shared context, created by the first capture (from a user gesture, so it may start).
 * One node serves every session: the processor returns true from `process()`, so a node per
 * session would keep running after its session; a new `connect` message hands the same
 * processor the next session's port instead. A failed creation is retried by the next call.
 */
function captureContext(): Promise<CaptureContext> {
  shared ??= (async () => {
    const context = new AudioContext({ latencyHint: 'interactive' });
    try {
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, 'sotto-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
      });
      return { context, node };
    } catch (error) {
      shared = null;
      await context.close();
      throw error;
    }
  })();
  return shared;
}

/**
 * Builds the capture graph for `stream`, one at a time: a stop must end the previous graph
 * before the next is built. The AudioContext runs at the device's native rate (the worklet
 * resamples to 16 kHz) and is suspended between sessions. The worklet gets one end of a fresh
 * MessageChannel; the other end is returned as `workerPort`. The first call must come from a
 * user gesture so the context may start. On failure the stream's tracks are stopped.
 */
export async function createCaptureGraph(stream: MediaStream, handlers: CaptureGraphHandlers): Promise<CaptureGraph> {
  try {
    const { context, node } = await captureContext();
    const source = context.createMediaStreamSource(stream);
    node.port.onmessage = (event: MessageEvent<LevelMessage>) => {
      if (event.data.type === 'level') handlers.onLevel(event.data.rms);
    };
    const channel = new MessageChannel();
    const connect: ConnectPortMessage = { type: 'connect', port: channel.port1 };
    node.port.postMessage(connect, [channel.port1]);
    source.connect(node);
    await context.resume();

    const tracks = stream.getTracks();
    for (const track of tracks) track.addEventListener('ended', handlers.onEnded, { once: true });
    let stopped = false;
    return {
      workerPort: channel.port2,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const track of tracks) {
          track.removeEventListener('ended', handlers.onEnded);
          track.stop();
        }
        node.port.onmessage = null;
        source.disconnect();
        await context.suspend();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    throw error;
  }
}
