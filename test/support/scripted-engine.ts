import type { EngineEvent, ErrorEvent, FinalEvent, StateEvent } from '../../src/inference-worker/protocol';
import type { DecodeOptions, Transcriber, Transcription } from '../../src/inference-worker/asr/transcriber';
import type { SpeechProbabilityModel } from '../../src/inference-worker/vad/speech-probability';
import { StreamingEngine } from '../../src/inference-worker/streaming/streaming-engine';
import { DEFAULT_SETTINGS, mergeSettings, type StreamingSettings } from '../../src/inference-worker/streaming/settings';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../../src/inference-worker/vad/speech-segmenter';
import { scriptedTranscription } from './transcription';
import { DecodeCancelledError, isCancelled, type CancelFlag } from '../../src/inference-worker/asr/decode-cancellation';

/**
 * A streaming engine driven by a scripted VAD (speech probabilities chosen per frame) and a
 * transcriber double whose decode cost is simulated in frames of audio: for tests of the
 * engine's bookkeeping (faults, bounds, early finals), not of recognition.
 */

export const frames = (seconds: number) => Math.round((seconds * SAMPLE_RATE) / VAD_FRAME_SAMPLES);
export const SPEECH = 0.9;
export const SILENCE = 0.02;
/** One partial per utterance (its first, at `minDecodeSeconds`): the partial interval outlasts any session. */
export const ONE_PARTIAL: StreamingSettings = mergeSettings(DEFAULT_SETTINGS, { partialIntervalMs: 1e9 });

/** A VAD that answers a scripted probability per frame (frame index since the last reset), or throws where the script says so. */
export class ScriptedVad implements SpeechProbabilityModel {
  private frame = 0;
  constructor(private readonly script: (frame: number) => number | Error) {}
  async probability(): Promise<number> {
    const value = this.script(this.frame++);
    if (value instanceof Error) throw value;
    return value;
  }
  reset(): void {
    this.frame = 0;
  }
}

/** What the transcriber double answers for some audio: its name of the decoded length by default. */
export type Hypothesis = (audio: Float32Array) => Pick<Transcription, 'text' | 'segments'>;
export const namesLength: Hypothesis = (audio) => ({ text: `decoded ${audio.length} samples`, segments: [] });

/** One decode a {@link CostedTranscriber} was asked for. */
export interface CostedCall {
  samples: number;
  /** The frame count when it started. */
  frame: number;
  draft: readonly number[] | undefined;
  /** The frame count when it ended (finished or cancelled); undefined while it runs. */
  endFrame?: number;
  cancelled?: true;
}

interface PendingCall {
  dueFrame: number;
  cancel: CancelFlag | undefined;
  call: CostedCall;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A transcriber whose decodes finish once `costFrames(samples)` more frames have been pushed
 * (the simulated decode time); its text comes from `hypothesis`, its one token is the decoded
 * length in samples (so a draft names the decode it came from), with neutral decode statistics.
 * A decode whose cancel flag is set stops at the next frame with `DecodeCancelledError`, as the
 * real loop stops before its next decoder pass.
 */
export class CostedTranscriber implements Transcriber {
  private pending: PendingCall[] = [];
  private frame = 0;
  /** Every decode asked for, in order. */
  readonly calls: CostedCall[] = [];
  constructor(
    private readonly costFrames: (samples: number) => number = () => 0,
    private readonly hypothesis: Hypothesis = namesLength,
  ) {}

  transcribe(audio: Float32Array, options: DecodeOptions = {}): Promise<Transcription> {
    const call: CostedCall = { samples: audio.length, frame: this.frame, draft: options.draft };
    this.calls.push(call);
    const { text, segments } = this.hypothesis(audio);
    const result = scriptedTranscription(text, audio.length / SAMPLE_RATE, { segments, decodeMs: 1, tokens: [audio.length] });
    return new Promise((resolve, reject) =>
      this.pending.push({ dueFrame: this.frame + this.costFrames(audio.length), cancel: options.cancel, call, resolve: () => resolve(result), reject }),
    );
  }

  /** Advances the simulated clock by one frame; true when a decode finished or was cancelled. */
  tick(): boolean {
    this.frame++;
    const cancelled = this.pending.filter((p) => isCancelled(p.cancel) && p.dueFrame > this.frame);
    this.pending = this.pending.filter((p) => !cancelled.includes(p));
    for (const p of cancelled) {
      Object.assign(p.call, { endFrame: this.frame, cancelled: true });
      p.reject(new DecodeCancelledError());
    }
    return this.finish((p) => p.dueFrame <= this.frame) || cancelled.length > 0;
  }

  /** Finishes every decode now (end of input); true when one finished. */
  finishAll(): boolean {
    return this.finish(() => true);
  }

  private finish(due: (p: { dueFrame: number }) => boolean): boolean {
    const done = this.pending.filter(due);
    this.pending = this.pending.filter((p) => !due(p));
    for (const p of done) {
      p.call.endFrame = this.frame;
      p.resolve();
    }
    return done.length > 0;
  }
}

/** Lets the engine react to finished decodes (their promise callbacks). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Run {
  engine: StreamingEngine;
  events: EngineEvent[];
  transcriber: CostedTranscriber;
  /** Pushes `count` frames (`frameAt(i)` gives frame i of the session), advancing the decode clock. */
  push(count: number, frameAt?: (i: number) => Float32Array, onFrame?: () => void): Promise<void>;
  /** Flushes, finishing decodes as they come. */
  flush(): Promise<void>;
}

export function startRun(vad: SpeechProbabilityModel, transcriber: CostedTranscriber, settings = ONE_PARTIAL): Run {
  const events: EngineEvent[] = [];
  const engine = new StreamingEngine({ vad, transcriber, settings, onEvent: (event) => events.push(event) });
  const quiet = new Float32Array(VAD_FRAME_SAMPLES).fill(0.01);
  let pushed = 0;
  return {
    engine,
    events,
    transcriber,
    async push(count, frameAt = () => quiet, onFrame) {
      for (let i = 0; i < count; i++) {
        await engine.pushFrame(frameAt(pushed++));
        if (transcriber.tick()) await settle();
        onFrame?.();
      }
    },
    async flush() {
      let done = false;
      const flushing = engine.flush().then(() => (done = true));
      while (!done) {
        transcriber.finishAll();
        await settle();
      }
      await flushing;
      pushed = 0;
    },
  };
}

export const finalsOf = (events: EngineEvent[]) => events.filter((e): e is FinalEvent => e.type === 'final');
export const errorsOf = (events: EngineEvent[]) => events.filter((e): e is ErrorEvent => e.type === 'error');
export const statesOf = (events: EngineEvent[]) => events.filter((e): e is StateEvent => e.type === 'state').map((e) => e.state);

