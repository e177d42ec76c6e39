import type { EngineEvent } from '../inference-worker/protocol';
import type { DecodeOptions, DecodeStats, Transcriber, Transcription } from '../inference-worker/asr/transcriber';
import { StreamingEngine, type EarlyFinalCounts } from '../inference-worker/streaming/streaming-engine';
import type { StreamingSettings } from '../inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../inference-worker/vad/speech-probability';
import { DecodeCancelledError, isCancelled, type CancelFlag } from '../inference-worker/asr/decode-cancellation';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../inference-worker/vad/speech-segmenter';

/** An engine event stamped with the virtual time it would reach the user, ms since capture start. */
export interface TimedEvent {
  atMs: number;
  event: EngineEvent;
}

/**
 * What one Whisper decode of a simulated run cost. The counters come from the decode's
 * {@link DecodeStats}; null where the transcriber does not report them.
 */
export interface DecodeRecord {
  /** Virtual time the decode started, ms since capture start. */
  startedAtMs: number;
  /** Wall time of the call as the engine saw it (in the browser: the hop to the decoder thread included), ms. */
  computeMs: number;
  /** Length of the decoded audio, seconds. */
  audioSeconds: number;
  /**
   * What the result became: the `partial` or `final` event it produced (matched on the event's
   * `decodeMs`), or `none` when no event showed it (a partial overtaken by its utterance's end,
   * an early final that speech made void, a failed decode).
   */
  use: 'partial' | 'final' | 'none';
  /** The Transcription's wall time, ms (in the browser: measured on the decoder thread). */
  decodeMs: number | null;
  encoderMs: number | null;
  decoderMs: number | null;
  decoderPasses: number | null;
  draftTokens: number | null;
  draftAccepted: number | null;
  /**
   * The engine cancelled it (`preemptDecodes`) before it ended: its figures then stop at the
   * check where it stopped (see {@link simulateRealtime}).
   */
  cancelled: boolean;
}

export interface SimulationResult {
  events: TimedEvent[];
  /** Number of Whisper decodes and their summed compute time, ms. */
  decodes: number;
  decodeComputeMs: number;
  /** Summed compute time of the VAD's speech probabilities, ms. */
  vadComputeMs: number;
  /** One record per decode, in start order. */
  decodeRecords: DecodeRecord[];
  /** Duration of the input audio, seconds. */
  audioSeconds: number;
  /** Early final decodes started, and those speech made void (`StreamingEngine.earlyFinalCounts`). */
  earlyFinals: EarlyFinalCounts;
}

export interface SimulationOptions {
  vad: SpeechProbabilityModel;
  transcriber: Transcriber;
  settings?: StreamingSettings;
}

/**
 * Streams 16 kHz audio through the real {@link StreamingEngine} on a computation-aware
 * virtual clock (the evaluation method of Macháček et al. 2023, `whisper_streaming`):
 * frames of 512 samples arrive at their real-time instants (32 ms apart), and each decode
 * occupies the decoder for the compute time it really took on this machine, while frames
 * keep arriving and the VAD keeps running (as the browser's separate decoder thread allows).
 * Event times are therefore the latencies a live user on this machine would see.
 *
 * A decode runs to its end in real time while the clock waits, so the engine can cancel it
 * (`preemptDecodes`) only at a later virtual instant: the decode then ends at its first
 * cancellation check (encoder end, each decoder pass's end: `encoderMs`, `passEndsMs`) after
 * that instant, rejects with `DecodeCancelledError` as the real one would, and its record
 * counts only what ran until then. The VAD's
 * compute time is summed apart (`vadComputeMs`); the clock does not wait for it, as the real
 * VAD thread keeps up with the frames.
 *
 * Runs wherever the engine runs: in Node (onnxruntime-node) and in a browser worker (the
 * Chromium runtime of the benchmark, `bench/chromium/`).
 *
 * @param audio 16 kHz mono samples; a trailing partial frame is dropped
 */
export async function simulateRealtime(audio: Float32Array, options: SimulationOptions): Promise<SimulationResult> {
  const events: TimedEvent[] = [];
  let nowMs = 0;
  let decodes = 0;
  let decodeComputeMs = 0;
  let vadComputeMs = 0;
  const decodeRecords: DecodeRecord[] = [];
  let computing: Promise<void> | null = null;
  let pending: PendingDecode | null = null;

  const transcriber: Transcriber = {
    transcribe(input: Float32Array, decodeOptions: DecodeOptions = {}): Promise<Transcription> {
      const startedMs = nowMs;
      const audioSeconds = input.length / SAMPLE_RATE;
      // The engine cancels on the virtual clock (advanceDecodes), not the real decode.
      const { cancel, ...real } = decodeOptions;
      return new Promise((resolve, reject) => {
        computing = (async () => {
          const t0 = performance.now();
          try {
            const result = await options.transcriber.transcribe(input, real);
            const took = performance.now() - t0;
            decodes++;
            decodeComputeMs += took;
            const record = decodeRecord(startedMs, took, audioSeconds, result);
            decodeRecords.push(record);
            pending = { atMs: startedMs + took, deliver: () => resolve(result), cancel, result, record, reject };
          } catch (error) {
            const took = performance.now() - t0;
            decodeRecords.push(decodeRecord(startedMs, took, audioSeconds, null));
            pending = { atMs: startedMs + took, deliver: () => reject(error) };
          }
        })();
      });
    },
  };
  const vad: SpeechProbabilityModel = {
    async probability(frame) {
      const t0 = performance.now();
      const probability = await options.vad.probability(frame);
      vadComputeMs += performance.now() - t0;
      return probability;
    },
    reset: () => options.vad.reset(),
  };
  const engine = new StreamingEngine({
    vad,
    transcriber,
    settings: options.settings,
    onEvent: (event) => {
      events.push({ atMs: nowMs, event });
      if (event.type === 'partial' || event.type === 'final') attributeDecode(decodeRecords, event.type, event.decodeMs);
    },
  });

  /** Completes the decodes that end by `untilMs` (all of them when Infinity), in virtual-time order. */
  const advanceDecodes = async (untilMs: number) => {
    for (;;) {
      if (computing) {
        await computing;
        computing = null;
      }
      const next: PendingDecode | null = pending;
      if (next && isCancelled(next.cancel)) {
        decodeComputeMs -= cancelAt(next, nowMs);
        next.cancel = undefined;
      }
      if (!next || next.atMs > untilMs) return;
      pending = null;
      nowMs = Math.max(nowMs, next.atMs);
      next.deliver();
      await settle();
    }
  };

  const frameMs = (VAD_FRAME_SAMPLES / SAMPLE_RATE) * 1000;
  const frames = Math.floor(audio.length / VAD_FRAME_SAMPLES);
  for (let i = 0; i < frames; i++) {
    const arrivalMs = (i + 1) * frameMs;
    await advanceDecodes(arrivalMs);
    nowMs = Math.max(nowMs, arrivalMs);
    await engine.pushFrame(audio.subarray(i * VAD_FRAME_SAMPLES, (i + 1) * VAD_FRAME_SAMPLES));
    await settle();
  }
  let flushed = false;
  const flushing = engine.flush().then(() => {
    flushed = true;
  });
  while (!flushed) {
    await advanceDecodes(Infinity);
    await settle();
  }
  await flushing;
  return { events, decodes, decodeComputeMs, vadComputeMs, decodeRecords, audioSeconds: audio.length / SAMPLE_RATE, earlyFinals: engine.earlyFinalCounts };
}

/** A decode whose compute is done, waiting for its virtual end to deliver its outcome. */
interface PendingDecode {
  /** Virtual time its outcome reaches the engine, ms. */
  atMs: number;
  deliver: () => void;
  /** A successful decode: the engine's cancellation flag (undefined once handled), its result and record, and how to reject it. */
  cancel?: CancelFlag;
  result?: Transcription;
  record?: DecodeRecord;
  reject?: (error: unknown) => void;
}

/**
 * A decode cancelled at virtual time `cancelledAtMs` stops at its first cancellation check
 * after it (encoder end, then each decoder pass's end, on the decode's own clock shifted by
 * the hop between the threads); after its last pass it ends as it did. Moves `decode` to that
 * stop, truncates its record and makes it reject with `DecodeCancelledError`.
 * @returns the compute time the stop saved, ms
 */
function cancelAt(decode: PendingDecode, cancelledAtMs: number): number {
  const { result, record, reject } = decode;
  if (!result || !record || !reject) return 0;
  const hopMs = Math.max(0, record.computeMs - result.decodeMs);
  const checks = [result.encoderMs, ...result.passEndsMs.slice(0, -1)];
  const index = checks.findIndex((atMs) => record.startedAtMs + hopMs + atMs >= cancelledAtMs);
  if (index < 0) return 0;
  const stoppedMs = hopMs + checks[index];
  const saved = record.computeMs - stoppedMs;
  Object.assign(record, {
    cancelled: true,
    computeMs: stoppedMs,
    decodeMs: null,
    decoderPasses: index,
    decoderMs: index === 0 ? 0 : checks[index] - result.encoderMs,
    ...(index === 0 ? { draftTokens: 0, draftAccepted: 0 } : {}),
  });
  decode.atMs = record.startedAtMs + stoppedMs;
  decode.deliver = () => reject(new DecodeCancelledError());
  return saved;
}

/** The record of one decode; `result` null for a failed one. Counters the result lacks become null. */
function decodeRecord(startedAtMs: number, computeMs: number, audioSeconds: number, result: Transcription | null): DecodeRecord {
  const stats: Partial<Transcription> = result ?? {};
  const counter = (key: keyof DecodeStats | 'decodeMs') => {
    const value = stats[key];
    return typeof value === 'number' ? value : null;
  };
  return {
    startedAtMs,
    computeMs,
    audioSeconds,
    use: 'none',
    decodeMs: counter('decodeMs'),
    encoderMs: counter('encoderMs'),
    decoderMs: counter('decoderMs'),
    decoderPasses: counter('decoderPasses'),
    draftTokens: counter('draftTokens'),
    draftAccepted: counter('draftAccepted'),
    cancelled: false,
  };
}

/**
 * Marks the latest not yet used decode whose `decodeMs` the event carries as the one that
 * produced it (the engine copies the Transcription's `decodeMs` into its events; a failed
 * final carries 0 and matches nothing).
 */
function attributeDecode(records: DecodeRecord[], use: 'partial' | 'final', decodeMs: number): void {
  for (let i = records.length - 1; i >= 0; i--) {
    if (records[i].use === 'none' && records[i].decodeMs === decodeMs) {
      records[i].use = use;
      return;
    }
  }
}

/** Lets pending promise callbacks (the engine reacting to a decode) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
