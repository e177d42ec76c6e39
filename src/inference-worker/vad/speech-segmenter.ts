import type { VadSettings } from '../streaming/settings';

/** Silero VAD v5 frame at 16 kHz: 512 samples = 32 ms (silero-vad `utils_vad.py`). */
export const VAD_FRAME_SAMPLES = 512;
export const SAMPLE_RATE = 16000;
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / SAMPLE_RATE) * 1000;

/** What one frame's speech probability changed. Sample positions count from capture start. */
export type SegmenterEvent =
  /** Speech confirmed (at least `minSpeechMs` of it): the utterance opens at `startSample` (pre-speech pad included). */
  | { type: 'speech-start'; startSample: number }
  /** The open utterance ended after `redemptionMs` of silence; `endSample` includes a post-speech pad. */
  | { type: 'speech-end'; endSample: number }
  /** A speech candidate ended before reaching `minSpeechMs`: no utterance, no decode. */
  | { type: 'misfire' };

/**
 * Turns per-frame Silero speech probabilities into utterances with hysteresis, a
 * pre-speech pad, a redemption (hangover) period and a minimum speech length: the frame
 * logic of `@ricky0123/vad-web`'s FrameProcessor and RealtimeSTT, made incremental so the
 * streaming engine knows an utterance is open while it is still being spoken.
 *
 * A frame with probability ≥ `positiveSpeechThreshold` is speech and resets the redemption
 * counter; one below `negativeSpeechThreshold` is silence and advances it; frames in
 * between continue the current state. The post-speech pad is `preSpeechPadMs` (capped by the
 * redemption time), so word endings are not clipped.
 */
export class SpeechSegmenter {
  private frameIndex = 0;
  private inSpeech = false;
  private confirmed = false;
  private candidateStartFrame = 0;
  private speechFrames = 0;
  private silenceFrames = 0;
  private lastSpeechFrame = 0;

  constructor(private settings: VadSettings) {}

  /** True while a speech candidate or an utterance is open. */
  get active(): boolean {
    return this.inSpeech;
  }

  /** Frames at or above the positive threshold in the open candidate or utterance (its speech, in frames). */
  get speechFrameCount(): number {
    return this.inSpeech ? this.speechFrames : 0;
  }

  /** First sample that must be kept: the pre-speech pad before the open candidate, or before now. */
  get retainFromSample(): number {
    const frame = this.inSpeech ? this.candidateStartFrame : this.frameIndex;
    return Math.max(0, frame * VAD_FRAME_SAMPLES - this.padSamples);
  }

  /**
   * Where the open utterance would end if the redemption ran out now: the `endSample` its
   * `speech-end` would carry (last speech frame plus the post-speech pad), and the silence
   * counted since that frame, ms. It stays the same until a speech frame arrives, so a
   * decode of the audio up to `endSample` started now is the final's own when the
   * redemption ends (the early final). Null unless a confirmed utterance is open and
   * silence follows its last speech frame.
   */
  get pendingSpeechEnd(): { endSample: number; silenceMs: number } | null {
    if (!this.inSpeech || !this.confirmed || this.silenceFrames === 0) return null;
    return { endSample: this.speechEndSample, silenceMs: this.silenceFrames * VAD_FRAME_MS };
  }

  /** Replaces the settings; an open candidate keeps its counters. */
  configure(settings: VadSettings): void {
    this.settings = settings;
  }

  /**
   * Consumes the speech probability (0..1) of the next 512-sample frame.
   * @returns the event the frame caused, or null.
   */
  push(probability: number): SegmenterEvent | null {
    const frame = this.frameIndex++;
    const s = this.settings;
    if (!this.inSpeech) {
      if (probability < s.positiveSpeechThreshold) return null;
      this.inSpeech = true;
      this.confirmed = false;
      this.candidateStartFrame = frame;
      this.speechFrames = 0;
      this.silenceFrames = 0;
    }
    if (probability >= s.positiveSpeechThreshold) {
      this.speechFrames++;
      this.silenceFrames = 0;
      this.lastSpeechFrame = frame;
    } else if (probability < s.negativeSpeechThreshold) {
      this.silenceFrames++;
    }
    if (!this.confirmed && this.speechFrames * VAD_FRAME_MS >= s.minSpeechMs) {
      this.confirmed = true;
      return { type: 'speech-start', startSample: Math.max(0, this.candidateStartFrame * VAD_FRAME_SAMPLES - this.padSamples) };
    }
    if (this.silenceFrames * VAD_FRAME_MS < s.redemptionMs) return null;
    this.inSpeech = false;
    if (!this.confirmed) return { type: 'misfire' };
    return { type: 'speech-end', endSample: this.speechEndSample };
  }

  /** End of the last speech frame plus the post-speech pad (`preSpeechPadMs`, at most the redemption). */
  private get speechEndSample(): number {
    const postPad = Math.min(this.padSamples, Math.round((this.settings.redemptionMs * SAMPLE_RATE) / 1000));
    return (this.lastSpeechFrame + 1) * VAD_FRAME_SAMPLES + postPad;
  }

  private get padSamples(): number {
    return Math.round((this.settings.preSpeechPadMs * SAMPLE_RATE) / 1000);
  }
}
