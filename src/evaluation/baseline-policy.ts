/**
 * The peer baseline of the streaming benchmark: the decode policy of the transformers.js
 * real-time Whisper demo (`examples/webgpu-whisper`): while recording, as soon as the previous
 * decode has finished, decode the last min(30 s, everything) of the audio received so far and
 * show that text. No VAD, no stabilizer, no finalization.
 */
import type { Transcriber } from '../inference-worker/asr/transcriber';
import { SAMPLE_RATE, VAD_FRAME_SAMPLES } from '../inference-worker/vad/speech-segmenter';

/** Whisper's context, the demo's window: 30 s. */
export const DEMO_WINDOW_SECONDS = 30;

/** One decode of the baseline: the audio window it saw, in samples, and the text it showed. */
export interface WindowDecode {
  startSample: number;
  endSample: number;
  text: string;
}

export interface BaselineResult {
  decodes: WindowDecode[];
  /** The transcript assembled from the decodes, see {@link demoPolicyTranscript}. */
  transcript: string;
  /** Summed decode compute time, ms. */
  computeMs: number;
}

/**
 * Runs the demo's policy on the computation-aware virtual clock of {@link simulateRealtime}
 * (Macháček et al. 2023): audio arrives in 512-sample (32 ms) frames at their real-time
 * instants; the first decode starts when the first frame has arrived, and each next one
 * starts when the previous decode ends, i.e. after the compute time it really took here. The
 * run ends with the first decode that starts after the last frame has arrived, so the last
 * window always ends at the end of the audio.
 *
 * @param audio 16 kHz mono samples; a trailing partial frame is dropped
 * @param transcriber the model (called sequentially)
 */
export async function simulateRealtimeDemoPolicy(audio: Float32Array, transcriber: Transcriber): Promise<BaselineResult> {
  const frameMs = (VAD_FRAME_SAMPLES / SAMPLE_RATE) * 1000;
  const totalSamples = Math.floor(audio.length / VAD_FRAME_SAMPLES) * VAD_FRAME_SAMPLES;
  const windowSamples = DEMO_WINDOW_SECONDS * SAMPLE_RATE;
  const decodes: WindowDecode[] = [];
  let computeMs = 0;
  let nowMs = frameMs;
  for (;;) {
    const endSample = Math.min(totalSamples, Math.floor(nowMs / frameMs) * VAD_FRAME_SAMPLES);
    const startSample = Math.max(0, endSample - windowSamples);
    const result = await transcriber.transcribe(audio.subarray(startSample, endSample));
    decodes.push({ startSample, endSample, text: result.text });
    computeMs += result.decodeMs;
    nowMs += result.decodeMs;
    if (endSample === totalSamples) break;
  }
  return { decodes, transcript: demoPolicyTranscript(decodes), computeMs };
}

/**
 * The transcript of the demo's policy, which itself only ever shows the text of the last
 * window. For audio of at most 30 s this is simply the last decode after the audio ended.
 * For longer audio, the text a reader of the display would have collected: the last decode,
 * preceded by the latest decode whose window ended at or before that window's start (the text
 * on screen just before that audio scrolled out), and so on back to the start of the audio.
 * Consecutive windows of the chain leave a gap of less than one decode's duration between
 * them, which the policy never shows in a window of its own.
 *
 * @param decodes the decodes in the order they ran (window ends non-decreasing)
 * @returns the texts of the chain, in audio order, joined by spaces
 */
export function demoPolicyTranscript(decodes: readonly WindowDecode[]): string {
  const chain: string[] = [];
  let boundary = Infinity;
  for (let i = decodes.length - 1; i >= 0 && boundary > 0; i--) {
    if (decodes[i].endSample > boundary) continue;
    chain.unshift(decodes[i].text);
    boundary = decodes[i].startSample;
  }
  return chain.filter(Boolean).join(' ');
}
