/**
 * AudioWorklet processor 'sotto-capture': microphone → 16 kHz mono frames of 512 samples.
 *
 * Per render quantum (128 frames at the context rate, in practice 44.1 or 48 kHz) it
 * 1. downmixes all channels of input 0 to mono (mean),
 * 2. resamples to 16 kHz with the streaming polyphase resampler (./resampler.ts; ≈ 3.6 ms of
 *    filter latency at 48 kHz),
 * 3. appends to a 512-sample frame (32 ms at 16 kHz, the Silero VAD v5 frame size). Each full
 *    frame is numbered, kept in a ring buffer of the last 60 s (`frame-ring.ts`), posted as
 *    an AudioFrameMessage on the MessagePort received in a ConnectPortMessage (its buffer
 *    transferred, so it is not copied), and its RMS is posted as a LevelMessage on the node's
 *    own port (to the main thread, for the level meter).
 *
 * The inference worker acknowledges (AckMessage) the frames it no longer needs. When it dies,
 * the main thread connects a new worker's port with `resume`: the frames since the last
 * acknowledged one that the ring still holds are posted again, so what was said while the
 * worker restarted is heard by the new one, without audio passing through the main thread.
 * A DrainMessage is answered with a DrainedMessage after every frame posted before it.
 *
 * Frames completed before a port is connected are dropped (the level is still posted).
 * The processor never writes its outputs (they stay silent) and always returns true, so it
 * keeps running while the node exists; disconnect the node to stop it.
 *
 * Real-time safety: no allocation per process() call. Scratch buffers and the ring (3.7 MiB)
 * are allocated once (scratch again only if the render quantum size changes); the one
 * allocation per posted frame, a new Float32Array(512) every 32 ms, is required because the
 * old buffer is transferred away.
 *
 * Load it with Vite as a bundled worker URL so it is transpiled and ./resampler is inlined, e.g.
 * `import url from '../audio-worklet/capture-processor.ts?worker&url'` then
 * `audioContext.audioWorklet.addModule(url)`. It must stay a standalone ES module: the
 * AudioWorkletGlobalScope has no DOM, no URL, no fetch, no timers.
 */
import { Resampler } from './resampler';
import { FrameRing } from './frame-ring';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../shared/audio-format';
import type { AudioFrameMessage, ConnectPortMessage, DrainedMessage, LevelMessage, ResumedMessage, WorkerToWorkletMessage } from '../inference-worker/protocol';

// AudioWorkletGlobalScope members (TypeScript's DOM lib does not describe this scope).
/** Sample rate of the owning BaseAudioContext, Hz. */
declare const sampleRate: number;
/** Base class of AudioWorklet processors (Web Audio API §1.32). */
declare class AudioWorkletProcessor {
  /** Port paired with AudioWorkletNode.port on the main thread. */
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
/** Registers a processor class under `name` for `new AudioWorkletNode(ctx, name)`. */
declare function registerProcessor(
  name: string,
  processorCtor: new (options?: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

/** Processor name for `new AudioWorkletNode(context, PROCESSOR_NAME)`. */
export const PROCESSOR_NAME = 'sotto-capture';
/** Usual Web Audio render quantum, frames; other sizes are handled by reallocating once. */
const RENDER_QUANTUM = 128;

function isConnectMessage(data: unknown): data is ConnectPortMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'connect' &&
    (data as { port?: unknown }).port instanceof MessagePort
  );
}

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler: Resampler;
  /** Downmix scratch, exactly one render quantum long. */
  private mono: Float32Array;
  /** Resampler output scratch, maxOutputLength(quantum) long. */
  private resampled: Float32Array;
  /** Frame being filled; replaced after each transfer. */
  private frame = new Float32Array(FRAME_SAMPLES);
  private fill = 0;
  private workerPort: MessagePort | null = null;
  /** The frames of the capture stream being posted (ConnectPortMessage.stream). */
  private readonly ring = new FrameRing();
  private stream = -1;

  constructor(options?: AudioWorkletNodeOptions) {
    super(options);
    this.resampler = new Resampler(Math.round(sampleRate), SAMPLE_RATE);
    this.mono = new Float32Array(RENDER_QUANTUM);
    this.resampled = new Float32Array(this.resampler.maxOutputLength(RENDER_QUANTUM));
    this.port.onmessage = (event: MessageEvent<unknown>) => {
      if (isConnectMessage(event.data)) this.connect(event.data);
    };
  }

  /** Takes the port to a (new or restarted) inference worker; see {@link ConnectPortMessage}. */
  private connect({ port, stream, resume }: ConnectPortMessage): void {
    const previous = this.workerPort;
    if (previous && previous !== port) {
      // Everything posted on it so far has been posted: a Stop waiting there may finish.
      const drained: DrainedMessage = { type: 'drained' };
      previous.postMessage(drained);
      previous.close();
    }
    this.workerPort = port;
    port.onmessage = (event: MessageEvent<WorkerToWorkletMessage>) => this.onWorkerMessage(port, event.data);
    if (!resume || stream !== this.stream) {
      if (resume) this.reportResumed({ type: 'resumed', stream, fromFrame: 0, lostFrames: null });
      this.stream = stream;
      this.ring.reset();
      return;
    }
    const { fromIndex, lostFrames, frames } = this.ring.unacknowledged();
    frames.forEach((samples, i) => {
      const message: AudioFrameMessage = { type: 'audio', samples, index: fromIndex + i };
      port.postMessage(message, [samples.buffer]);
    });
    this.reportResumed({ type: 'resumed', stream, fromFrame: fromIndex, lostFrames });
  }

  private reportResumed(message: ResumedMessage): void {
    this.port.postMessage(message);
  }

  private onWorkerMessage(port: MessagePort, message: WorkerToWorkletMessage): void {
    if (message.type === 'drain') {
      const drained: DrainedMessage = { type: 'drained' };
      port.postMessage(drained);
    } else if (message.type === 'ack' && port === this.workerPort) {
      this.ring.acknowledge(message.frame);
    }
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true; // input not connected
    const first = channels[0]!;
    const n = first.length;
    if (n === 0) return true;

    let source: Float32Array;
    if (channels.length === 1) {
      source = first;
    } else {
      if (this.mono.length !== n) this.mono = new Float32Array(n);
      const mono = this.mono;
      const count = channels.length;
      const scale = 1 / count;
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let c = 0; c < count; c++) acc += channels[c]![i]!;
        mono[i] = acc * scale;
      }
      source = mono;
    }

    const need = this.resampler.maxOutputLength(n);
    if (this.resampled.length < need) this.resampled = new Float32Array(need);
    const produced = this.resampler.process(source, this.resampled);

    const resampled = this.resampled;
    for (let i = 0; i < produced; i++) {
      this.frame[this.fill++] = resampled[i]!;
      if (this.fill === FRAME_SAMPLES) this.emitFrame();
    }
    return true;
  }

  /** Posts the full frame (level to the main thread, samples to the worker) and starts a new one. */
  private emitFrame(): void {
    const frame = this.frame;
    let sum = 0;
    for (let i = 0; i < FRAME_SAMPLES; i++) sum += frame[i]! * frame[i]!;
    const level: LevelMessage = { type: 'level', rms: Math.sqrt(sum / FRAME_SAMPLES) };
    this.port.postMessage(level);
    if (this.workerPort) {
      const index = this.ring.push(frame);
      const message: AudioFrameMessage = { type: 'audio', samples: frame, index };
      this.workerPort.postMessage(message, [frame.buffer]);
      this.frame = new Float32Array(FRAME_SAMPLES);
    }
    // No port yet: the frame is dropped and its buffer reused.
    this.fill = 0;
  }
}

registerProcessor(PROCESSOR_NAME, CaptureProcessor);
