import type { ConnectPortMessage, LevelMessage, ResumedMessage } from '../../inference-worker/protocol';
import workletUrl from '../../audio-worklet/capture-processor.ts?worker&url';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../shared/audio-format';

/** A running capture: microphone → AudioWorklet ('sotto-capture') → MessagePort to the worker. */
export interface CaptureGraph {
  /**
   * The port the worklet posts 16 kHz frames on; transfer it to the inference worker. Frames
   * posted before it is transferred wait in it (MessagePort queues until started), so none is
   * lost while the worker finishes the previous session.
   */
  readonly workerPort: MessagePort;
  /**
   * For a restarted inference worker: a new port on which the worklet first posts again the
   * frames of this capture that the dead worker had not acknowledged (those its ring buffer
   * still holds), then goes on live. Works after `stop` too (the frames up to the stop).
   * @returns the port to transfer to the new worker, and the seconds of unacknowledged audio
   *   that could not be posted again (null: unknown, a newer capture replaced this one).
   */
  resume(): Promise<{ port: MessagePort; lostSeconds: number | null }>;
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
  /** Receives the level of each frame of the capture running now. */
  onLevel: (rms: number) => void;
  /** Answers to resuming connects, by capture stream. */
  resumed: Map<number, (message: ResumedMessage) => void>;
}

/** The capture stream numbers of ConnectPortMessage. */
let lastStream = 0;

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
      const capture: CaptureContext = { context, node, onLevel: () => {}, resumed: new Map() };
      node.port.onmessage = (event: MessageEvent<LevelMessage | ResumedMessage>) => {
        const message = event.data;
        if (message.type === 'level') capture.onLevel(message.rms);
        else capture.resumed.get(message.stream)?.(message);
      };
      return capture;
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
    const capture = await captureContext();
    const { context, node } = capture;
    const source = context.createMediaStreamSource(stream);
    capture.onLevel = handlers.onLevel;
    const streamId = ++lastStream;
    /** A new channel to the worklet for this capture; its other end goes to the worker. */
    const connect = (resume: boolean): MessagePort => {
      const channel = new MessageChannel();
      const message: ConnectPortMessage = { type: 'connect', port: channel.port1, stream: streamId, resume };
      node.port.postMessage(message, [channel.port1]);
      return channel.port2;
    };
    const workerPort = connect(false);
    source.connect(node);
    await context.resume();

    const tracks = stream.getTracks();
    for (const track of tracks) track.addEventListener('ended', handlers.onEnded, { once: true });
    let stopped = false;
    return {
      workerPort,
      async resume() {
        const answered = new Promise<ResumedMessage>((resolve) => capture.resumed.set(streamId, resolve));
        const port = connect(true);
        const { fromFrame, lostFrames } = await answered;
        capture.resumed.delete(streamId);
        console.info(`Capture ${streamId}: a new inference worker hears it again from frame ${fromFrame}.`);
        return { port, lostSeconds: lostFrames === null ? null : (lostFrames * FRAME_SAMPLES) / SAMPLE_RATE };
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const track of tracks) {
          track.removeEventListener('ended', handlers.onEnded);
          track.stop();
        }
        if (capture.onLevel === handlers.onLevel) capture.onLevel = () => {};
        source.disconnect();
        await context.suspend();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    throw error;
  }
}
