/**
 * Reference speech segmentation for the streaming benchmark: where speech starts and ends in
 * the audio, as a ground truth that does not depend on the settings of the engine under test.
 */
import type { VadSettings } from '../inference-worker/streaming/settings';
import type { SpeechProbabilityModel } from '../inference-worker/vad/speech-probability';
import { SAMPLE_RATE, SpeechSegmenter, VAD_FRAME_SAMPLES } from '../inference-worker/vad/speech-segmenter';

/** A stretch of speech in the reference segmentation, seconds from the audio's start. */
export interface SpeechRegion {
  start: number;
  end: number;
}

/**
 * Fixed parameters of the reference segmentation: the defaults of silero-vad's
 * `get_speech_timestamps` (threshold 0.5, `neg_threshold` = threshold − 0.15,
 * `min_speech_duration_ms` 250, `min_silence_duration_ms` 100), without its 30 ms
 * `speech_pad_ms`, so that a region is the speech itself. Deliberately not the engine's
 * settings: sweeping the engine's VAD timings must not move the ground truth.
 */
export const REFERENCE_VAD_SETTINGS: VadSettings = {
  positiveSpeechThreshold: 0.5,
  negativeSpeechThreshold: 0.35,
  preSpeechPadMs: 0,
  redemptionMs: 100,
  minSpeechMs: 250,
};

/**
 * Segments a whole (clean) recording into speech regions, offline: Silero VAD v5 speech
 * probabilities of its consecutive 512-sample (32 ms) frames, turned into regions with
 * hysteresis by the {@link SpeechSegmenter} under {@link REFERENCE_VAD_SETTINGS}. A region
 * runs from the first to the end of the last frame at or above the 0.5 threshold; speech
 * still open at the end of the audio ends there. Unlike `get_speech_timestamps`, which drops
 * a segment shorter than 250 ms only after merging across short gaps, the segmenter drops a
 * candidate with less than 250 ms of frames at or above 0.5 once 100 ms of silence follow it
 * (vad-web's misfire rule), so a lone short word (< 250 ms) has no region. The model's state
 * is reset before and after.
 *
 * @param audio 16 kHz mono samples; a trailing partial frame is ignored
 * @param vad Silero VAD (any {@link SpeechProbabilityModel})
 * @returns the regions in order, seconds; [] when there is no speech
 */
export async function referenceSpeechRegions(audio: Float32Array, vad: SpeechProbabilityModel): Promise<SpeechRegion[]> {
  const segmenter = new SpeechSegmenter(REFERENCE_VAD_SETTINGS);
  const regions: SpeechRegion[] = [];
  let start = 0;
  const consume = (probability: number) => {
    const event = segmenter.push(probability);
    if (event?.type === 'speech-start') start = event.startSample / SAMPLE_RATE;
    else if (event?.type === 'speech-end') regions.push({ start, end: Math.min(event.endSample, audio.length) / SAMPLE_RATE });
  };
  vad.reset();
  const frames = Math.floor(audio.length / VAD_FRAME_SAMPLES);
  for (let i = 0; i < frames; i++) {
    consume(await vad.probability(audio.subarray(i * VAD_FRAME_SAMPLES, (i + 1) * VAD_FRAME_SAMPLES)));
  }
  vad.reset();
  // Silence after the audio closes a region that is still open (or drops a misfire).
  while (segmenter.active) consume(0);
  return regions;
}
