import type { EngineEvent, RecognizerState } from '../protocol';
import type { Transcriber, Transcription } from '../asr/transcriber';
import type { SpeechProbabilityModel } from '../vad/speech-probability';
import { SAMPLE_RATE, SpeechSegmenter, VAD_FRAME_MS, VAD_FRAME_SAMPLES } from '../vad/speech-segmenter';
import { joinWords, splitWords } from '../text/words';
import { CarriedContext } from './carried-context';
import { LocalAgreement, alignedPrefixEnd } from './local-agreement';
import { SampleBuffer } from './sample-buffer';
import { DEFAULT_SETTINGS, mergeSettings, type StreamingSettings } from './settings';
import { quietestFrame } from './split-point';
import { shiftTimestamps, splitAtSegmentStart, timestampSteps } from '../asr/draft-tokens';
import { cancelDecode, isCancelled, isDecodeCancelled, newCancelFlag, type CancelFlag } from '../asr/decode-cancellation';

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
  /** Frames at or above the positive threshold since the utterance's start (its speech). */
  speechFrames: number;
  /** Speech probability and RMS of each frame since the utterance opened. */
  frameProbabilities: number[];
  frameRms: number[];
  firstFrameSample: number;
  /** Tokens of the latest partial, timestamps relative to the window start: the next partial's draft. */
  lastTokens: number[];
  /** Tokens of the segments the window start moved past, timestamps relative to the utterance start. */
  frozenTokens: number[];
  /** `<|0.00|>` of the model that produced the tokens. */
  timestampBegin: number;
  /** The early final decode started for this utterance, if any: valid while its end is the segmenter's pending speech end. */
  early: EarlyFinal | null;
}

/** A final decode started before the redemption ended (`settings.earlyFinal`). */
interface EarlyFinal {
  /** The end of the audio it decodes (from the utterance start), samples. */
  endSample: number;
  /** Its result; null when it failed (the final then decodes as usual). */
  result: Promise<Transcription | null>;
}

interface ClosedUtterance {
  id: number;
  startSample: number;
  endSample: number;
  /**
   * The audio its final decodes; null when it gets no decode (less speech than `minSpeechMs`,
   * or no room left in the queue): its final then carries `fallbackText`.
   */
  audio: Float32Array | null;
  fallbackText: string;
  /** Its last partial's tokens moved to the utterance's start: the final's draft. */
  draft: number[];
  /** Why it gets no decode although it holds speech (the final's `dropped`). */
  dropped?: 'queue-full';
  /** The early final decode of exactly this audio, when one was started: it is the final's decode. */
  early?: Promise<Transcription | null>;
}

/** The decode running now: its cancellation flag, and whether its result is still wanted (`settings.preemptDecodes`). */
interface RunningDecode {
  cancel: CancelFlag;
  wanted(): boolean;
}

/** Early final decodes (`settings.earlyFinal`) of a session: started, and made void by speech resuming. */
export interface EarlyFinalCounts {
  started: number;
  /** Early decodes whose result no final used (speech resumed, a split, Stop before the pad arrived). */
  wasted: number;
}

/** What the engine is doing, shown as its state unless it is falling behind. */
type Activity = Extract<RecognizerState, 'listening' | 'recording' | 'transcribing'>;

/** What the engine holds in memory now (Float32 samples, 4 bytes each). */
export interface EngineMemory {
  /** Samples in the audio buffer: the open utterance, or the pre-speech pad. */
  bufferedSamples: number;
  /** Closed utterances waiting for their final decode (the one decoding not counted). */
  queuedFinals: number;
  /** Samples those waiting utterances hold. */
  queuedSamples: number;
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
 * - preemption: a running partial is cancelled (before its next decoder pass) once its
 *   utterance has closed and a final decode waits, and a running early final once speech made
 *   it void, so the final does not wait for a result nobody needs (`preemptDecodes`). A
 *   partial is not cancelled for an early final: speech may still resume, and the partial is
 *   then the only text on screen;
 * - early final: once `earlyFinalSilenceMs` of silence (and the post-speech pad) followed the
 *   last speech frame, the final decode of the utterance as the redemption would close it
 *   starts, before any partial; when the redemption ends with that end, its result is the
 *   final at once, and when speech resumes first, it is dropped (`earlyFinalCounts.wasted`);
 * - audio the VAD calls non-speech is never decoded, and no partial runs when only silence
 *   arrived since the last one (the hangover before the final adds no words), nor once
 *   `partialSilenceCutoffMs` of silence has trailed the speech (the final is near; a partial
 *   started then would delay it);
 * - when the window is longer than `windowSeconds`, its start moves to the last Whisper
 *   segment boundary whose words are all committed (buffer trimming as in
 *   `whisper_streaming`), so the partial still shows the whole utterance;
 * - utterances reaching `maxUtteranceSeconds` are split at the quietest frame of their
 *   second half, so every final decode fits Whisper's 30 s context;
 * - no final is decoded on less speech (frames at or above the positive threshold) than
 *   `minSpeechMs`, such as the silent tail a split leaves when speech ends just before it:
 *   its final is empty, as the VAD calls such a stretch a misfire.
 *
 * Faults and long sessions:
 * - a frame that fails is reported once as an `error` event (a run of failing frames as one)
 *   and the stream goes on; when the VAD fails, the frame's audio is kept and the frame counts
 *   as undecided (the current speech state holds);
 * - a final decode that throws is tried once more (a failed early final counts as the first
 *   try); when that fails too, the final keeps the utterance's last partial text and an
 *   `error` (`decode-failed`) says so. A partial that throws is reported, and the next one runs;
 * - {@link flush} always ends the session and resets, whatever failed before;
 * - memory is bounded: the buffer holds the open utterance (at most `maxUtteranceSeconds`)
 *   or the pre-speech pad, and the finals waiting to be decoded hold at most
 *   `maxQueuedSeconds` of audio. When they hold more than one Whisper window
 *   (`maxUtteranceSeconds`), the state is `falling-behind` until the queue is empty; an
 *   utterance that does not fit gets no decode, and an error event names its time span.
 */
export class StreamingEngine {
  private settings: StreamingSettings;
  private readonly buffer = new SampleBuffer();
  private segmenter: SpeechSegmenter;
  private open: OpenUtterance | null = null;
  private readonly pendingFinals: ClosedUtterance[] = [];
  private inFlight: Promise<void> | null = null;
  /** What `inFlight` decodes; null while it decodes nothing. */
  private running: RunningDecode | null = null;
  /** The closed utterance whose final is decoding now, if any. */
  private finalInFlight: ClosedUtterance | null = null;
  private frameChain: Promise<void> = Promise.resolve();
  private nextUtteranceId = 1;
  private activity: Activity = 'listening';
  private behind = false;
  /** Whether the previous frame failed: a run of failing frames is reported once. */
  private frameFailed = false;
  /** Language, prompt and audio carried from one utterance into the next (`settings.decoding`). */
  private readonly context = new CarriedContext();
  private readonly early: EarlyFinalCounts = { started: 0, wasted: 0 };

  constructor(private readonly options: StreamingEngineOptions) {
    this.settings = options.settings ?? DEFAULT_SETTINGS;
    this.segmenter = new SpeechSegmenter(this.settings.vad);
  }

  /** Merges new settings; VAD thresholds apply from the next frame, the rest from the next decode. */
  updateSettings(update: Partial<StreamingSettings>): void {
    this.settings = mergeSettings(this.settings, update);
    this.segmenter.configure(this.settings.vad);
  }

  /** Early final decodes since the engine was made: for the benchmark's `wasted_decodes`. */
  get earlyFinalCounts(): EarlyFinalCounts {
    return { ...this.early };
  }

  /** What the engine holds in memory now: for soak runs and tests of its bounds. */
  get memory(): EngineMemory {
    return {
      bufferedSamples: this.buffer.heldSamples,
      queuedFinals: this.pendingFinals.length,
      queuedSamples: this.queuedSamples(),
    };
  }

  /**
   * The first sample (since the session start) that a new engine must hear again to lose no
   * word if this one were gone now: the start of the oldest utterance whose final has not been
   * emitted (decoding, queued or open), else where the pre-speech pad would begin. The
   * inference worker acknowledges the capture frames before it (`worker.ts`).
   */
  get neededFromSample(): number {
    const oldest = this.finalInFlight ?? this.pendingFinals[0];
    return oldest ? oldest.startSample : this.retainFromSample();
  }

  /**
   * Queues the next frame: 512 samples (32 ms) of 16 kHz mono Float32. Frames are processed
   * strictly in order; the returned promise resolves once this frame went through the VAD
   * (decodes it starts keep running). A frame that fails inside the engine is reported as an
   * `error` event (`bad-audio`), and later frames go on; the promise still resolves.
   * @throws RangeError (as a rejection) for a frame of the wrong length; the engine is unchanged.
   */
  pushFrame(frame: Float32Array): Promise<void> {
    if (frame.length !== VAD_FRAME_SAMPLES) {
      return Promise.reject(new RangeError(`expected ${VAD_FRAME_SAMPLES}-sample frames, got ${frame.length}`));
    }
    const copy = frame.slice();
    return this.enqueue(
      () => this.processFrame(copy),
      (error) => this.reportFrameFailure(`The audio frame at ${this.seconds(this.buffer.endSample)} s could not be processed: ${describe(error)}`),
    );
  }

  /**
   * Ends the capture session after the frames already pushed: the open utterance is
   * finalized, and the promise resolves when every final has been emitted. The segmenter,
   * the VAD and the buffer are reset even when that fails (the failure is an `error` event),
   * and frames pushed after this call start a new session at 0 s.
   */
  async flush(): Promise<void> {
    await this.enqueue(
      () => this.endSession(),
      (error) => this.emit({ type: 'error', code: 'decode-failed', message: `Ending the session failed: ${describe(error)}` }),
    );
    while (this.inFlight) await this.inFlight;
  }

  /** Runs `work` after everything queued before it; a failure goes to `onFailure` and never stops later work. */
  private enqueue(work: () => void | Promise<void>, onFailure: (error: unknown) => void): Promise<void> {
    const done = this.frameChain.then(work).catch(onFailure);
    this.frameChain = done;
    return done;
  }

  private endSession(): void {
    try {
      const u = this.open;
      if (u) {
        this.setActivity('transcribing');
        // Stop in a pause whose early final is decoding: only silence came after its audio.
        const pending = this.segmenter.pendingSpeechEnd;
        const end = u.early && pending?.endSample === u.early.endSample ? u.early.endSample : this.buffer.endSample;
        this.closeUtterance(u, end);
      }
      this.schedule();
    } finally {
      this.open = null;
      this.frameFailed = false;
      this.segmenter = new SpeechSegmenter(this.settings.vad);
      this.buffer.reset();
      this.context.reset();
      this.options.vad.reset();
    }
  }

  private async processFrame(frame: Float32Array): Promise<void> {
    this.buffer.append(frame);
    const measured = await this.speechProbability(frame);
    const { positiveSpeechThreshold, negativeSpeechThreshold } = this.settings.vad;
    // An undecided probability (between the thresholds) continues the segmenter's state.
    const probability = measured ?? (positiveSpeechThreshold + negativeSpeechThreshold) / 2;
    const event = this.segmenter.push(probability);
    const u = this.open;
    if (u) {
      u.frameProbabilities.push(probability);
      u.frameRms.push(rms(frame));
      if (probability >= positiveSpeechThreshold) u.speechFrames++;
      if (probability >= negativeSpeechThreshold) u.lastVoicedSample = this.buffer.endSample;
    }
    if (event?.type === 'speech-start') {
      // The pad may reach before the buffer when an undecided candidate outlived its cap.
      this.openUtterance(Math.max(event.startSample, this.buffer.startSample), this.segmenter.speechFrameCount);
      this.setActivity('recording');
    } else if (event?.type === 'speech-end' && u) {
      this.closeUtterance(u, event.endSample);
      this.setActivity('listening');
    }
    if (this.open && this.buffer.endSample - this.open.startSample >= this.settings.maxUtteranceSeconds * SAMPLE_RATE) {
      this.splitOpenUtterance(this.open);
    }
    this.buffer.discardBefore(this.retainFromSample());
    this.schedule();
    if (measured !== null) this.frameFailed = false;
  }

  /** The VAD's speech probability of the frame, or null (reported) when the VAD fails or returns no probability. */
  private async speechProbability(frame: Float32Array): Promise<number | null> {
    try {
      const probability = await this.options.vad.probability(frame);
      if (!(probability >= 0 && probability <= 1)) throw new RangeError(`speech probability ${probability} is not in 0..1`);
      return probability;
    } catch (error) {
      this.reportFrameFailure(
        `The voice detector failed on the frame at ${this.seconds(this.buffer.endSample)} s: ${describe(error)}. ` +
          'Its audio is kept, and the speech state holds until the detector answers again.',
      );
      return null;
    }
  }

  private reportFrameFailure(message: string): void {
    if (!this.frameFailed) this.emit({ type: 'error', code: 'bad-audio', message });
    this.frameFailed = true;
  }

  /**
   * First sample the engine still needs: the open utterance's start; else the segmenter's
   * pre-speech pad, at most `maxUtteranceSeconds` back (an undecided candidate can last for
   * ever, and audio older than an utterance may be long is no longer needed).
   */
  private retainFromSample(): number {
    if (this.open) return this.open.startSample;
    return Math.max(this.segmenter.retainFromSample, this.buffer.endSample - this.settings.maxUtteranceSeconds * SAMPLE_RATE);
  }

  private openUtterance(startSample: number, speechFrames: number): void {
    this.open = {
      id: this.nextUtteranceId++,
      startSample,
      windowStartSample: startSample,
      frozen: [],
      agreement: new LocalAgreement(),
      lastPartialSample: -Infinity,
      lastVoicedSample: this.buffer.endSample,
      lastText: '',
      speechFrames,
      frameProbabilities: [],
      frameRms: [],
      firstFrameSample: this.buffer.endSample,
      lastTokens: [],
      frozenTokens: [],
      timestampBegin: 0,
      early: null,
    };
  }

  /**
   * Queues the utterance's final. `endSample` is clamped into [utterance start, buffer end]:
   * after a split, speech may have ended before the new piece starts.
   */
  private closeUtterance(u: OpenUtterance, endSample: number): void {
    const end = Math.min(Math.max(endSample, u.startSample), this.buffer.endSample);
    const early = u.early?.endSample === end ? u.early.result : undefined;
    if (u.early && !early) this.early.wasted++;
    const enoughSpeech = u.speechFrames * VAD_FRAME_MS >= this.settings.vad.minSpeechMs;
    const fits = this.queuedSamples() + (end - u.startSample) <= this.settings.maxQueuedSeconds * SAMPLE_RATE;
    if (enoughSpeech && !fits) {
      this.emit({
        type: 'error',
        code: 'decode-failed',
        message:
          `Transcription is ${this.seconds(this.queuedSamples())} s of speech behind, the most it may queue: ` +
          `the speech from ${this.seconds(u.startSample)} s to ${this.seconds(end)} s was not transcribed.`,
      });
    }
    this.pendingFinals.push({
      id: u.id,
      startSample: u.startSample,
      endSample: end,
      audio: enoughSpeech && fits ? this.buffer.slice(u.startSample, end) : null,
      fallbackText: enoughSpeech ? u.lastText : '',
      draft: utteranceDraft(u),
      ...(enoughSpeech && !fits ? { dropped: 'queue-full' as const } : {}),
      ...(early ? { early } : {}),
    });
    this.open = null;
    this.updateBacklog();
  }

  /** Closes the over-long open utterance at its quietest frame and continues in a new one. */
  private splitOpenUtterance(u: OpenUtterance): void {
    const half = u.startSample + (this.buffer.endSample - u.startSample) / 2;
    const firstFrame = Math.max(0, Math.ceil((half - u.firstFrameSample) / VAD_FRAME_SAMPLES));
    const { positiveSpeechThreshold, negativeSpeechThreshold } = this.settings.vad;
    const frame = quietestFrame(u.frameProbabilities, u.frameRms, firstFrame, negativeSpeechThreshold);
    const cut = u.firstFrameSample + frame * VAD_FRAME_SAMPLES + VAD_FRAME_SAMPLES / 2;
    const probabilitiesAfter = u.frameProbabilities.slice(frame + 1);
    const speechAfter = probabilitiesAfter.filter((p) => p >= positiveSpeechThreshold).length;
    u.speechFrames -= speechAfter;
    this.closeUtterance(u, cut);
    this.openUtterance(cut, speechAfter);
    const next = this.open!;
    next.firstFrameSample = u.firstFrameSample + (frame + 1) * VAD_FRAME_SAMPLES;
    next.frameProbabilities = probabilitiesAfter;
    next.frameRms = u.frameRms.slice(frame + 1);
  }

  /** Starts the next decode if none is running: a pending final first, else a due partial. */
  private schedule(): void {
    if (this.inFlight) {
      const running = this.running;
      if (running && this.settings.preemptDecodes && !isCancelled(running.cancel) && !running.wanted()) cancelDecode(running.cancel);
      return;
    }
    for (let closed = this.pendingFinals.shift(); closed; closed = this.pendingFinals.shift()) {
      if (closed.audio) {
        this.finalInFlight = closed;
        this.inFlight = this.runFinal(closed, closed.audio);
        this.updateBacklog();
        return;
      }
      this.emitFinal(closed, closed.fallbackText, 0, closed.dropped);
    }
    this.updateBacklog();
    const u = this.open;
    const end = this.buffer.endSample;
    const s = this.settings;
    const earlyEnd = u ? this.earlyFinalEnd(u) : null;
    if (u && earlyEnd !== null) {
      this.inFlight = this.runEarlyFinal(u, earlyEnd);
      return;
    }
    if (
      u &&
      s.partials &&
      u.lastVoicedSample > u.lastPartialSample &&
      end - u.lastVoicedSample < (s.partialSilenceCutoffMs * SAMPLE_RATE) / 1000 &&
      end - u.lastPartialSample >= (s.partialIntervalMs * SAMPLE_RATE) / 1000 &&
      end - u.windowStartSample >= s.minDecodeSeconds * SAMPLE_RATE
    ) {
      u.lastPartialSample = end;
      this.inFlight = this.runPartial(u, end);
    }
  }

  /** Records the decode about to run, with the test of whether its result is still wanted; returns its cancellation flag. */
  private startDecode(wanted: () => boolean): CancelFlag {
    const cancel = newCancelFlag();
    this.running = { cancel, wanted };
    return cancel;
  }

  /** Ends the running decode's bookkeeping and starts the next decode. */
  private decodeEnded(): void {
    this.inFlight = null;
    this.running = null;
    this.finalInFlight = null;
    this.schedule();
  }


  /**
   * The end sample of the early final due for the open utterance now, or null: early finals
   * are on, silence of `earlyFinalSilenceMs` follows its last speech frame, the audio up to
   * where the redemption would end it (the post-speech pad) has arrived, it holds
   * `minSpeechMs` of speech, and no early final of that same end was started.
   */
  private earlyFinalEnd(u: OpenUtterance): number | null {
    const s = this.settings;
    const pending = this.segmenter.pendingSpeechEnd;
    if (!s.earlyFinal || !pending || pending.silenceMs < s.earlyFinalSilenceMs) return null;
    const { endSample } = pending;
    if (endSample <= u.startSample || endSample > this.buffer.endSample || u.early?.endSample === endSample) return null;
    return u.speechFrames * VAD_FRAME_MS >= s.vad.minSpeechMs ? endSample : null;
  }

  /** Decodes the open utterance up to `endSample` as its final would; {@link closeUtterance} takes the result when the end agrees. */
  private async runEarlyFinal(u: OpenUtterance, endSample: number): Promise<void> {
    if (u.early) this.early.wasted++;
    this.early.started++;
    const draft = this.settings.draftVerification ? { draft: utteranceDraft(u) } : {};
    const audio = this.buffer.slice(u.startSample, endSample);
    // Wanted while it is the open utterance's pending end, or a closed utterance's final decode.
    const cancel = this.startDecode(() =>
      this.open === u ? this.segmenter.pendingSpeechEnd?.endSample === endSample : this.pendingFinals.some((closed) => closed.early === result),
    );
    const result = this.context
      .transcribe(this.options.transcriber, audio, { atUtteranceStart: true }, this.settings.decoding, { ...draft, cancel })
      .catch((error: unknown) => {
        if (!isDecodeCancelled(error)) console.warn(`StreamingEngine: the early final decode failed; the final decodes again. ${describe(error)}`);
        return null;
      });
    u.early = { endSample, result };
    await result;
    this.decodeEnded();
  }

  private async runPartial(u: OpenUtterance, endSample: number): Promise<void> {
    try {
      const place = { atUtteranceStart: u.windowStartSample === u.startSample };
      const draft = this.settings.draftVerification ? { draft: u.lastTokens } : {};
      const cancel = this.startDecode(() => !this.pendingFinals.some((closed) => closed.audio));
      const audio = this.buffer.slice(u.windowStartSample, endSample);
      const result = await this.context.transcribe(this.options.transcriber, audio, place, this.settings.decoding, { ...draft, cancel });
      // A partial that lands after its utterance closed still shows, and drafts the final, until the final's decode starts.
      const closed = this.open === u ? undefined : this.pendingFinals.find((c) => c.id === u.id);
      if (this.open === u || closed) this.applyPartial(u, result, endSample, closed);
    } catch (error) {
      // A preempted partial (a final was due) is no failure.
      if (!isDecodeCancelled(error)) this.emit({ type: 'error', code: 'decode-failed', message: `Partial decode failed: ${describe(error)}` });
    } finally {
      this.decodeEnded();
    }
  }

  /** Shows a partial of `u`; `closed`, its queued final when the utterance has closed meanwhile, gets its text and tokens. */
  private applyPartial(u: OpenUtterance, result: Transcription, endSample: number, closed?: ClosedUtterance): void {
    const segmentWords = result.segments.map((segment) => splitWords(segment.text));
    const view = u.agreement.update(segmentWords.flat());
    const stable = joinWords([...u.frozen, ...view.committed]);
    const unstable = joinWords(view.tail);
    u.lastText = joinWords([stable, unstable].filter(Boolean));
    u.lastTokens = result.tokens;
    u.timestampBegin = result.timestampBegin;
    if (closed) {
      if (closed.audio) closed.fallbackText = u.lastText;
      if (!closed.early) closed.draft = utteranceDraft(u);
    } else if (endSample - u.windowStartSample > this.settings.windowSeconds * SAMPLE_RATE) {
      this.trimWindow(u, result, segmentWords);
    }
    this.emit({
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
   * hypothesis words aligned with committed ones precede ({@link alignedPrefixEnd}, so a
   * revised committed word does not block it); the committed words aligned with them become
   * frozen. Nothing moves when no such boundary exists: the window then grows until one does
   * or the utterance ends.
   */
  private trimWindow(u: OpenUtterance, result: Transcription, segmentWords: string[][]): void {
    const committed = u.agreement.committed;
    const hypothesis = segmentWords.flat();
    const aligned = alignedPrefixEnd(committed, hypothesis);
    let wordsBefore = 0;
    let cut: { words: number; seconds: number } | null = null;
    for (let i = 0; i < result.segments.length - 1; i++) {
      wordsBefore += segmentWords[i].length;
      if (wordsBefore > aligned) break;
      if (wordsBefore > 0) cut = { words: wordsBefore, seconds: result.segments[i + 1].start };
    }
    if (!cut || cut.seconds <= 0) return;
    // The committed words that the hypothesis's first `cut.words` words stand for.
    const frozen = alignedPrefixEnd(hypothesis.slice(0, cut.words), committed);
    if (frozen === 0) return;
    u.frozen.push(...committed.slice(0, frozen));
    u.agreement.dropCommittedPrefix(frozen);
    this.moveDraft(u, cut.seconds);
    u.windowStartSample += Math.round(cut.seconds * SAMPLE_RATE);
  }

  /**
   * The window start moves `seconds` forward: the last partial's segments before that point
   * join the frozen tokens (timed from the utterance start), the rest become the next
   * partial's draft (timed from the new window start). A draft that cannot be split there is
   * dropped: drafts only save decoder passes.
   */
  private moveDraft(u: OpenUtterance, seconds: number): void {
    const split = splitAtSegmentStart(u.lastTokens, seconds, u.timestampBegin);
    if (!split) {
      u.lastTokens = [];
      return;
    }
    const windowOffset = timestampSteps((u.windowStartSample - u.startSample) / SAMPLE_RATE);
    u.frozenTokens.push(...shiftTimestamps(split.before, windowOffset, u.timestampBegin));
    u.lastTokens = shiftTimestamps(split.after, -timestampSteps(seconds), u.timestampBegin);
  }

  private async runFinal(closed: ClosedUtterance, audio: Float32Array): Promise<void> {
    let text = closed.fallbackText;
    let decodeMs = 0;
    let dropped: string | undefined;
    let language: string | undefined;
    try {
      const draft = this.settings.draftVerification ? { draft: closed.draft } : {};
      this.startDecode(() => true);
      // A copy: the transcriber may take its input (transfer it to the decoder thread), and the carried context keeps this audio.
      const decode = () => this.context.transcribe(this.options.transcriber, audio.slice(), { atUtteranceStart: true }, this.settings.decoding, draft);
      // A decode that throws once (a transient inference error) is tried once more before the words are given up.
      const result =
        (await closed.early) ??
        (await decode().catch((error: unknown) => {
          console.warn(`StreamingEngine: the final decode failed; trying it once more. ${describe(error)}`);
          return decode();
        }));
      text = result.text;
      decodeMs = result.decodeMs;
      dropped = result.dropped;
      language = result.language;
    } catch (error) {
      this.emit({
        type: 'error',
        code: 'decode-failed',
        message: `Final decode failed twice; keeping the last partial text. ${describe(error)}`,
      });
    }
    this.context.finalized(text, audio);
    this.emitFinal(closed, text, decodeMs, dropped, language);
    this.decodeEnded();
  }

  /** Emits the utterance's final; `dropped` (a guard's reason, or `queue-full`) when its text was dropped; `language` of multilingual models. */
  private emitFinal(closed: ClosedUtterance, text: string, decodeMs: number, dropped: string | undefined, language?: string): void {
    this.emit({
      type: 'final',
      utteranceId: closed.id,
      text,
      start: closed.startSample / SAMPLE_RATE,
      end: closed.endSample / SAMPLE_RATE,
      decodeMs,
      ...(dropped === undefined ? {} : { dropped }),
      ...(language === undefined ? {} : { language }),
    });
  }

  /** Samples held by the finals waiting for their decode. */
  private queuedSamples(): number {
    return this.pendingFinals.reduce((sum, closed) => sum + (closed.audio?.length ?? 0), 0);
  }

  /**
   * Enters `falling-behind` when the waiting finals hold more than one Whisper window
   * (`maxUtteranceSeconds`) of audio, and leaves it when none waits.
   */
  private updateBacklog(): void {
    const queued = this.queuedSamples();
    const behind = this.behind ? queued > 0 : queued > this.settings.maxUtteranceSeconds * SAMPLE_RATE;
    if (behind === this.behind) return;
    this.behind = behind;
    this.emit({ type: 'state', state: behind ? 'falling-behind' : this.activity });
  }

  /** Records what the engine is doing; shown unless it is falling behind (that state shows instead). */
  private setActivity(activity: Activity): void {
    this.activity = activity;
    if (!this.behind) this.emit({ type: 'state', state: activity });
  }

  /**
   * Sends an event to the listener. A listener that throws must not break the engine's
   * bookkeeping (the frame chain, the decode in flight), so its exception is logged.
   */
  private emit(event: EngineEvent): void {
    try {
      this.options.onEvent(event);
    } catch (error) {
      console.error('StreamingEngine: the event listener threw', error);
    }
  }

  /** A sample position as seconds, two decimals, for messages. */
  private seconds(samples: number): string {
    return (samples / SAMPLE_RATE).toFixed(2);
  }
}

function rms(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i] * frame[i];
  return Math.sqrt(sum / frame.length);
}

/** The final's draft: the frozen tokens, then the last partial's tokens moved from the window start to the utterance start. */
function utteranceDraft(u: OpenUtterance): number[] {
  const windowOffset = timestampSteps((u.windowStartSample - u.startSample) / SAMPLE_RATE);
  return [...u.frozenTokens, ...shiftTimestamps(u.lastTokens, windowOffset, u.timestampBegin)];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
