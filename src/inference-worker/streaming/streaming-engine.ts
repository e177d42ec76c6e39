import type { EngineEvent } from '../protocol';
import type { Transcriber, Transcription } from '../asr/transcriber';
import type { SpeechProbabilityModel } from '../vad/speech-probability';
import { SAMPLE_RATE, SpeechSegmenter, VAD_FRAME_SAMPLES } from '../vad/speech-segmenter';
import { joinWords, splitWords } from '../text/words';
import { LocalAgreement, commonPrefixLength } from './local-agreement';
import { SampleBuffer } from './sample-buffer';
import { DEFAULT_SETTINGS, mergeSettings, type StreamingSettings } from './settings';
import { quietestFrame } from './split-point';

export interface StreamingEngineOptions {
  vad: SpeechProbabilityModel;
  transcriber: Transcriber;
  onEvent: (event: EngineEvent) => void;
  settings?: StreamingSettings;
}

interface OpenUtterance {
  id: number;
  startSample: number;
  /** Start of the sliding window partials decode; moves forward over frozen words. */
  windowStartSample: number;
  /** Committed words before the window start (no longer in hypotheses). */
  frozen: string[];
  agreement: LocalAgreement;
  /** Audio position at which the last partial decode was started. */
  lastPartialSample: number;
  /** End of the latest frame the VAD did not call silence (probability ≥ the negative threshold). */
  lastVoicedSample: number;
  /** Text of the latest partial, the final's fallback if its decode fails. */
  lastText: string;
  /** Speech probability and RMS of each frame since the utterance opened. */
  frameProbabilities: number[];
  frameRms: number[];
  firstFrameSample: number;
}

interface ClosedUtterance {
  id: number;
  startSample: number;
  endSample: number;
  audio: Float32Array;
  fallbackText: string;
}

/**
 * The streaming recognizer: Silero VAD segmentation, sliding-window partial decodes with a
 * LocalAgreement stabilizer, and a final decode per utterance. Plain TypeScript with no DOM
 * or worker API, so the browser worker, Node tests and the benchmark run the same code.
 *
 * Feed it consecutive 512-sample frames of 16 kHz mono audio with {@link pushFrame}; it
 * emits `partial`, `final` and `state` (`recording` / `listening` / `transcribing`) events.
 *
 * Decode policy (from the server design, with its fixes):
 * - while an utterance is open, a partial decodes the window [window start, now] every
 *   `partialIntervalMs` of audio, never anything shorter than `minDecodeSeconds`;
 * - at most one decode runs at a time and none is queued: a partial that falls due while a
 *   decode runs waits for it to end, then runs once (no backlog);
 * - a closed utterance's final decode runs before any partial;
 * - audio the VAD calls non-speech is never decoded, and no partial runs when only silence
 *   arrived since the last one (the hangover before the final adds no words), nor once
 *   `partialSilenceCutoffMs` of silence has trailed the speech (the final is near; a partial
 *   started then would delay it);
 * - when the window is longer than `windowSeconds`, its start moves to the last Whisper
 *   segment boundary whose words are all committed (buffer trimming as in
 *   `whisper_streaming`), so the partial still shows the whole utterance;
 * - utterances reaching `maxUtteranceSeconds` are split at the quietest frame of their
 *   second half, so every final decode fits Whisper's 30 s context.
 */
export class StreamingEngine {
  private settings: StreamingSettings;
  private readonly buffer = new SampleBuffer();
  private segmenter: SpeechSegmenter;
  private open: OpenUtterance | null = null;
  private readonly pendingFinals: ClosedUtterance[] = [];
  private inFlight: Promise<void> | null = null;
  private frameChain: Promise<void> = Promise.resolve();
  private nextUtteranceId = 1;

  constructor(private readonly options: StreamingEngineOptions) {
    this.settings = options.settings ?? DEFAULT_SETTINGS;
    this.segmenter = new SpeechSegmenter(this.settings.vad);
  }

  /** Merges new settings; VAD thresholds apply from the next frame, the rest from the next decode. */
  updateSettings(update: Partial<StreamingSettings>): void {
    this.settings = mergeSettings(this.settings, update);
    this.segmenter.configure(this.settings.vad);
  }

  /**
   * Queues the next frame: 512 samples (32 ms) of 16 kHz mono Float32. Frames are processed
   * strictly in order; the returned promise resolves once this frame went through the VAD
   * (decodes it starts keep running).
   * @throws RangeError (as a rejection) for a frame of the wrong length.
   */
  pushFrame(frame: Float32Array): Promise<void> {
    if (frame.length !== VAD_FRAME_SAMPLES) {
      return Promise.reject(new RangeError(`expected ${VAD_FRAME_SAMPLES}-sample frames, got ${frame.length}`));
    }
    const copy = frame.slice();
    this.frameChain = this.frameChain.then(() => this.processFrame(copy));
    return this.frameChain;
  }

  /**
   * Ends the capture session: the open utterance is finalized (a speech candidate too short
   * to count is dropped), and the promise resolves when every final has been emitted.
   * The engine is then ready for a new session starting at 0 s.
   */
  async flush(): Promise<void> {
    await this.frameChain;
    const u = this.open;
    if (u) {
      this.options.onEvent({ type: 'state', state: 'transcribing' });
      this.closeUtterance(u, this.buffer.endSample);
    }
    this.schedule();
    while (this.inFlight) await this.inFlight;
    this.segmenter = new SpeechSegmenter(this.settings.vad);
    this.options.vad.reset();
    this.buffer.reset();
  }

  private async processFrame(frame: Float32Array): Promise<void> {
    this.buffer.append(frame);
    const probability = await this.options.vad.probability(frame);
    const event = this.segmenter.push(probability);
    const u = this.open;
    if (u) {
      u.frameProbabilities.push(probability);
      u.frameRms.push(rms(frame));
      if (probability >= this.settings.vad.negativeSpeechThreshold) u.lastVoicedSample = this.buffer.endSample;
    }
    if (event?.type === 'speech-start') {
      this.openUtterance(event.startSample);
      this.options.onEvent({ type: 'state', state: 'recording' });
    } else if (event?.type === 'speech-end' && u) {
      this.closeUtterance(u, Math.min(event.endSample, this.buffer.endSample));
      this.options.onEvent({ type: 'state', state: 'listening' });
    }
    if (this.open && this.buffer.endSample - this.open.startSample >= this.settings.maxUtteranceSeconds * SAMPLE_RATE) {
      this.splitOpenUtterance(this.open);
    }
    this.buffer.discardBefore(Math.min(this.open?.startSample ?? Infinity, this.segmenter.retainFromSample));
    this.schedule();
  }

  private openUtterance(startSample: number): void {
    this.open = {
      id: this.nextUtteranceId++,
      startSample,
      windowStartSample: startSample,
      frozen: [],
      agreement: new LocalAgreement(),
      lastPartialSample: -Infinity,
      lastVoicedSample: this.buffer.endSample,
      lastText: '',
      frameProbabilities: [],
      frameRms: [],
      firstFrameSample: this.buffer.endSample,
    };
  }

  private closeUtterance(u: OpenUtterance, endSample: number): void {
    this.pendingFinals.push({
      id: u.id,
      startSample: u.startSample,
      endSample,
      audio: this.buffer.slice(u.startSample, endSample),
      fallbackText: u.lastText,
    });
    this.open = null;
  }

  /** Closes the over-long open utterance at its quietest frame and continues in a new one. */
  private splitOpenUtterance(u: OpenUtterance): void {
    const half = u.startSample + (this.buffer.endSample - u.startSample) / 2;
    const firstFrame = Math.max(0, Math.ceil((half - u.firstFrameSample) / VAD_FRAME_SAMPLES));
    const frame = quietestFrame(u.frameProbabilities, u.frameRms, firstFrame, this.settings.vad.negativeSpeechThreshold);
    const cut = u.firstFrameSample + frame * VAD_FRAME_SAMPLES + VAD_FRAME_SAMPLES / 2;
    this.closeUtterance(u, cut);
    this.openUtterance(cut);
    const next = this.open!;
    next.firstFrameSample = u.firstFrameSample + (frame + 1) * VAD_FRAME_SAMPLES;
    next.frameProbabilities = u.frameProbabilities.slice(frame + 1);
    next.frameRms = u.frameRms.slice(frame + 1);
  }

  /** Starts the next decode if none is running: a pending final first, else a due partial. */
  private schedule(): void {
    if (this.inFlight) return;
    const closed = this.pendingFinals.shift();
    if (closed) {
      this.inFlight = this.runFinal(closed);
      return;
    }
    const u = this.open;
    const end = this.buffer.endSample;
    const s = this.settings;
    if (
      u &&
      u.lastVoicedSample > u.lastPartialSample &&
      end - u.lastVoicedSample < (s.partialSilenceCutoffMs * SAMPLE_RATE) / 1000 &&
      end - u.lastPartialSample >= (s.partialIntervalMs * SAMPLE_RATE) / 1000 &&
      end - u.windowStartSample >= s.minDecodeSeconds * SAMPLE_RATE
    ) {
      u.lastPartialSample = end;
      this.inFlight = this.runPartial(u, end);
    }
  }

  private async runPartial(u: OpenUtterance, endSample: number): Promise<void> {
    try {
      const result = await this.options.transcriber.transcribe(this.buffer.slice(u.windowStartSample, endSample));
      if (this.open === u) this.applyPartial(u, result, endSample);
    } catch (error) {
      this.options.onEvent({ type: 'error', code: 'decode-failed', message: `Partial decode failed: ${describe(error)}` });
    } finally {
      this.inFlight = null;
      this.schedule();
    }
  }

  private applyPartial(u: OpenUtterance, result: Transcription, endSample: number): void {
    const segmentWords = result.segments.map((segment) => splitWords(segment.text));
    const view = u.agreement.update(segmentWords.flat());
    const stable = joinWords([...u.frozen, ...view.committed]);
    const unstable = joinWords(view.tail);
    u.lastText = joinWords([stable, unstable].filter(Boolean));
    if (endSample - u.windowStartSample > this.settings.windowSeconds * SAMPLE_RATE) {
      this.trimWindow(u, result, segmentWords);
    }
    this.options.onEvent({
      type: 'partial',
      utteranceId: u.id,
      stable,
      unstable,
      audioTime: endSample / SAMPLE_RATE,
      decodeMs: result.decodeMs,
    });
  }

  /**
   * Moves the window start to the latest segment boundary (not the window's end) that only
   * committed words precede; those words become frozen. Nothing moves when no such boundary
   * exists: the window then grows until one does or the utterance ends.
   */
  private trimWindow(u: OpenUtterance, result: Transcription, segmentWords: string[][]): void {
    const committed = u.agreement.committed;
    const hypothesis = segmentWords.flat();
    const agreed = commonPrefixLength(committed, hypothesis);
    let wordsBefore = 0;
    let cut: { words: number; seconds: number } | null = null;
    for (let i = 0; i < result.segments.length - 1; i++) {
      wordsBefore += segmentWords[i].length;
      if (wordsBefore > agreed || wordsBefore > committed.length) break;
      if (wordsBefore > 0) cut = { words: wordsBefore, seconds: result.segments[i + 1].start };
    }
    if (!cut || cut.seconds <= 0) return;
    u.frozen.push(...committed.slice(0, cut.words));
    u.agreement.dropCommittedPrefix(cut.words);
    u.windowStartSample += Math.round(cut.seconds * SAMPLE_RATE);
  }

  private async runFinal(closed: ClosedUtterance): Promise<void> {
    let text = closed.fallbackText;
    let decodeMs = 0;
    try {
      const result = await this.options.transcriber.transcribe(closed.audio);
      text = result.text;
      decodeMs = result.decodeMs;
    } catch (error) {
      this.options.onEvent({
        type: 'error',
        code: 'decode-failed',
        message: `Final decode failed; keeping the last partial text. ${describe(error)}`,
      });
    } finally {
      this.options.onEvent({
        type: 'final',
        utteranceId: closed.id,
        text,
        start: closed.startSample / SAMPLE_RATE,
        end: closed.endSample / SAMPLE_RATE,
        decodeMs,
      });
      this.inFlight = null;
      this.schedule();
    }
  }
}

function rms(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i] * frame[i];
  return Math.sqrt(sum / frame.length);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
