import type { ConnectPortMessage, LevelMessage } from '../../inference-worker/protocol';
import workletUrl from '../../audio-worklet/capture-processor.ts?worker&url';

/** A running capture: microphone → AudioWorklet ('sotto-capture') → MessagePort to the worker. */
export interface CaptureGraph {
  /** The port the worklet posts 16 kHz frames on; transfer it to the inference worker. */
  readonly workerPort: MessagePort;
  /** Stops the microphone tracks and closes the audio context. Idempotent. */
  stop(): Promise<void>;
}

export interface CaptureGraphHandlers {
  /** RMS of each 16 kHz frame, linear 0..1, for the level meter. */
  onLevel(rms: number): void;
  /** The microphone went away (unplugged, revoked) while capturing. */
  onEnded(): void;
}

/**
 * Builds the capture graph for `stream`. The AudioContext runs at the device's native rate
 * (the worklet resamples to 16 kHz). The worklet gets one end of a fresh MessageChannel;
 * the other end is returned as `workerPort`. Must be called from a user gesture so the
 * context may start.
 */
export async function createCaptureGraph(stream: MediaStream, handlers: CaptureGraphHandlers): Promise<CaptureGraph> {
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'sotto-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
    });
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
        await context.close();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw error;
  }
}
