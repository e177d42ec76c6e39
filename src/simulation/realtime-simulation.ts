import type { EngineEvent } from '../inference-worker/protocol';
import type { Transcriber, Transcription } from '../inference-worker/asr/transcriber';
import { StreamingEngine } from '../inference-worker/streaming/streaming-engine';
import type { StreamingSettings } from '../inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../inference-worker/vad/speech-probability';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../inference-worker/vad/speech-segmenter';

/** An engine event stamped with the virtual time it would reach the user, ms since capture start. */
export interface TimedEvent {
  atMs: number;
  event: EngineEvent;
}

export interface SimulationResult {
  events: TimedEvent[];
  /** Number of Whisper decodes and their summed compute time, ms. */
  decodes: number;
  decodeComputeMs: number;
  /** Duration of the input audio, seconds. */
  audioSeconds: number;
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
 * @param audio 16 kHz mono samples; a trailing partial frame is dropped
 */
export async function simulateRealtime(audio: Float32Array, options: SimulationOptions): Promise<SimulationResult> {
  const events: TimedEvent[] = [];
  let nowMs = 0;
  let decodes = 0;
  let decodeComputeMs = 0;
  let computing: Promise<void> | null = null;
  let pending: { atMs: number; deliver: () => void } | null = null;

  const transcriber: Transcriber = {
    transcribe(input: Float32Array): Promise<Transcription> {
      const startedMs = nowMs;
      return new Promise((resolve, reject) => {
        computing = (async () => {
          const t0 = performance.now();
          try {
            const result = await options.transcriber.transcribe(input);
            const took = performance.now() - t0;
            decodes++;
            decodeComputeMs += took;
            pending = { atMs: startedMs + took, deliver: () => resolve(result) };
          } catch (error) {
            pending = { atMs: startedMs + (performance.now() - t0), deliver: () => reject(error) };
          }
        })();
      });
    },
  };
  const engine = new StreamingEngine({
    vad: options.vad,
    transcriber,
    settings: options.settings,
    onEvent: (event) => events.push({ atMs: nowMs, event }),
  });

  /** Completes the decodes that end by `untilMs` (all of them when Infinity), in virtual-time order. */
  const advanceDecodes = async (untilMs: number) => {
    for (;;) {
      if (computing) {
        await computing;
        computing = null;
      }
      const next: { atMs: number; deliver: () => void } | null = pending;
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
  return { events, decodes, decodeComputeMs, audioSeconds: audio.length / SAMPLE_RATE };
}

/** Lets pending promise callbacks (the engine reacting to a decode) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
