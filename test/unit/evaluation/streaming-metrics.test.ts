import { describe, expect, it } from 'vitest';
import type { Transcriber } from '../../../src/inference-worker/asr/transcriber';
import type { EngineEvent } from '../../../src/inference-worker/protocol';
import type { SpeechProbabilityModel } from '../../../src/inference-worker/vad/speech-probability';
import { demoPolicyTranscript, simulateRealtimeDemoPolicy, type WindowDecode } from '../../../src/evaluation/baseline-policy';
import { referenceSpeechRegions } from '../../../src/evaluation/reference-segmentation';
import {
  finalizationLatenciesMs,
  finalLatencyMs,
  finalStableRevisions,
  finalTranscript,
  firstTextLatencyMs,
  partialIntervalsMs,
  percentile,
  scoreFile,
  stableWordRevisions,
  summarize,
  unstableChurnWords,
  type FileRun,
} from '../../../src/evaluation/streaming-metrics';
import type { TimedEvent } from '../../../src/simulation/realtime-simulation';
import { scriptedTranscription } from '../../support/transcription';

const FRAME = 512;
const RATE = 16000;

const at = (atMs: number, event: EngineEvent): TimedEvent => ({ atMs, event });
const partial = (atMs: number, utteranceId: number, stable: string, unstable: string) =>
  at(atMs, { type: 'partial', utteranceId, stable, unstable, audioTime: atMs / 1000, decodeMs: 0 });
const final = (atMs: number, utteranceId: number, text: string, start: number, end: number) =>
  at(atMs, { type: 'final', utteranceId, text, start, end, decodeMs: 0 });

describe('percentile (linear interpolation, NumPy default)', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 95)).toBeCloseTo(3.85, 10);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
  });
  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe('latency bookkeeping', () => {
  const regions = [
    { start: 0.5, end: 2 },
    { start: 3, end: 4 },
    { start: 6, end: 7 },
  ];

  it('first partial: speech onset to the first event showing text', () => {
    const events = [at(300, { type: 'state', state: 'recording' }), partial(700, 1, '', ''), partial(1200, 1, '', 'hello')];
    expect(firstTextLatencyMs(events, regions)).toBe(700);
    // A final that comes before any partial counts as the first text.
    expect(firstTextLatencyMs([final(1500, 1, 'hi', 0.2, 1)], regions)).toBe(1000);
    expect(firstTextLatencyMs(events, [])).toBeNull();
    expect(firstTextLatencyMs([partial(700, 1, '', '')], regions)).toBeNull();
  });

  it('finalization: emission time minus the end of the last reference speech the final covers', () => {
    // Covers the first two regions: speech ends at 4 s.
    const covering = { type: 'final', utteranceId: 1, text: 'a b', start: 0.2, end: 4.3, decodeMs: 0 } as const;
    expect(finalLatencyMs(5000, covering, regions)).toBe(1000);
    const events = [
      final(5000, 1, 'a b', 0.2, 4.3),
      // Split mid-speech at 6.5 s: the speech it covers ends at the cut.
      final(7000, 2, 'c', 5.8, 6.5),
      // Noise only: no reference speech, no latency.
      final(9500, 3, 'uh', 8, 9),
    ];
    expect(finalizationLatenciesMs(events, regions)).toEqual([1000, 500]);
  });

  it('partial cadence: time between consecutive partials of one utterance', () => {
    const events = [partial(1000, 1, '', 'a'), partial(1500, 1, 'a', 'b'), final(2000, 1, 'a b', 0, 1.5), partial(3000, 2, '', 'c'), partial(3600, 2, '', 'c d')];
    expect(partialIntervalsMs(events)).toEqual([500, 600]);
  });
});

describe('stability', () => {
  it('counts stable words that are not kept verbatim by the next partial of the utterance', () => {
    const events = [
      partial(0, 1, 'a', 'b'),
      partial(1, 1, 'a b', 'c'),
      partial(2, 1, 'a c', 'd'), // "b" revised: 1
      partial(3, 1, 'a, c d', ''), // "a" became "a,": both stable words after the change point count, 2
      partial(4, 2, 'x', ''), // a new utterance starts from nothing
      partial(5, 1, 'a, c d e', ''),
    ];
    expect(stableWordRevisions(events)).toBe(3);
    expect(stableWordRevisions([partial(0, 1, 'a b c', ''), partial(1, 1, 'a b c d', '')])).toBe(0);
  });

  it('counts unstable words not carried over, as a word prefix, into the next text of the utterance', () => {
    const events = [
      partial(0, 1, '', 'hello word'), // "word" becomes "world": 1 churned
      partial(1, 1, 'hello', 'world is'), // the final says "world, it is": "is" churned
      partial(2, 2, '', 'other'), // carried into its own final
      final(3, 1, 'Hello world, it is.', 0, 2),
      final(4, 2, 'Other.', 2, 3),
    ];
    expect(unstableChurnWords(events)).toBe(2);
  });

  it('counts stable words the final does not keep, by word alignment', () => {
    const events = [
      partial(0, 1, 'hello world how are', 'you'),
      final(1, 1, 'Hello, word, how are you?', 0, 1), // "world" substituted; punctuation and the added "you" not counted
      partial(2, 2, 'one two three', ''),
      final(3, 2, 'One, three.', 1, 2), // "two" deleted
      final(4, 3, 'new', 2, 3), // no partial, nothing shown as stable
    ];
    expect(finalStableRevisions(events)).toBe(2);
  });
});

describe('scoreFile and summarize', () => {
  const run = (overrides: Partial<FileRun>): FileRun => ({
    file: 'f.wav',
    reference: 'hello world',
    audioSeconds: 2,
    regions: [{ start: 0.5, end: 1.5 }],
    events: [],
    decodes: 4,
    computeMs: 1000,
    peakRssBytes: 100 * 1024 * 1024,
    offlineText: null,
    baselineText: null,
    ...overrides,
  });

  it('scores one file', () => {
    const m = scoreFile(
      run({
        events: [partial(900, 1, '', 'hello'), partial(1400, 1, 'hello', 'word'), final(2300, 1, 'Hello, world!', 0.2, 1.8), final(2400, 2, '', 1.9, 2)],
        offlineText: 'hello world',
        baselineText: 'hello',
      }),
    );
    expect(finalTranscript(run({ events: [final(1, 1, 'a', 0, 1), final(2, 2, '', 1, 2), final(3, 3, 'b', 2, 3)] }).events)).toBe('a b');
    expect(m).toMatchObject({
      transcript: 'Hello, world!',
      referenceWords: 2,
      wer: 0,
      offlineWer: 0,
      baselineWer: 0.5,
      firstPartialMs: 400,
      finalLatenciesMs: [800],
      partialIntervalsMs: [500],
      partials: 2,
      finals: 2,
      stableWordRevisions: 0,
      unstableChurnWords: 1,
      rtf: 0.5,
      decodesPerAudioSecond: 2,
      hallucinatedWords: null,
      peakRssMb: 100,
    });
  });

  it('scores an empty reference as hallucination, not WER; an unknown reference as neither', () => {
    const noise = scoreFile(run({ reference: '', regions: [], events: [final(500, 1, 'Thank you.', 0, 0.4)] }));
    expect(noise).toMatchObject({ wer: null, hallucinatedWords: 2, firstPartialMs: null, finalLatenciesMs: [] });
    expect(scoreFile(run({ reference: null }))).toMatchObject({ wer: null, hallucinatedWords: null, referenceWords: 0 });
  });

  it('aggregates: corpus WER over scored files, pooled percentiles, rates over summed audio', () => {
    const a = scoreFile(run({ events: [partial(900, 1, '', 'hello'), final(2000, 1, 'hello world', 0.2, 1.8)], offlineText: 'hello world' }));
    const b = scoreFile(
      run({
        reference: 'the quick brown fox jumps over',
        audioSeconds: 6,
        regions: [{ start: 1, end: 5 }],
        events: [partial(1500, 1, '', 'the'), final(6000, 1, 'the quick brown fox jumps', 0.7, 5.3)],
        decodes: 8,
        computeMs: 5000,
        peakRssBytes: 300 * 1024 * 1024,
        offlineText: 'the quick brown fox jumps over',
      }),
    );
    const noise = scoreFile(run({ reference: '', regions: [], events: [final(500, 1, 'you', 0, 0.4)], offlineText: '' }));
    const s = summarize([a, b, noise]);
    expect(s).toMatchObject({
      files: 3,
      audio_seconds: 10,
      wer: 1 / 8, // one deletion over 2 + 6 reference words; the noise file is not in the WER
      offline_wer: 0,
      baseline_wer: null, // not run
      first_partial_ms_p50: 450, // 400 and 500
      final_latency_ms_p50: 750, // 500 and 1000
      stable_word_revisions: 0,
      rtf: 0.7,
      decodes_per_audio_second: 1.6,
      hallucinated_words: 1,
      peak_rss_mb: 300,
    });
    expect(s.final_latency_ms_p95).toBeCloseTo(975, 9);
    expect(s.unstable_churn).toBe(0);
  });
});

describe('transformers.js demo baseline', () => {
  const window = (startSeconds: number, endSeconds: number, text: string): WindowDecode => ({
    startSample: startSeconds * RATE,
    endSample: endSeconds * RATE,
    text,
  });

  it('is the last decode for audio of at most 30 s', () => {
    expect(demoPolicyTranscript([window(0, 1, 'a'), window(0, 5, 'a b'), window(0, 9, 'a b c')])).toBe('a b c');
  });

  it('chains back from the last window to the text shown before each window start scrolled out', () => {
    const decodes = [window(0, 10, 'a'), window(0, 20, 'a b'), window(0, 30, 'a b c'), window(5, 35, 'x'), window(10, 40, 'b c d')];
    expect(demoPolicyTranscript(decodes)).toBe('a b c d');
    const longer = [window(0, 20, 'early'), window(0, 29, 'first'), window(30, 60, 'second'), window(40, 70, 'third')];
    expect(demoPolicyTranscript(longer)).toBe('first third');
  });

  it('decodes back to back on the virtual clock, the last window ending with the audio', async () => {
    const lengths: number[] = [];
    const transcriber: Transcriber = {
      async transcribe(audio) {
        lengths.push(audio.length);
        return { ...scriptedTranscription(`w${lengths.length}`, 0), segments: [], decodeMs: 1000 };
      },
    };
    // 3 s and a partial frame, which is dropped.
    const audio = new Float32Array(3 * RATE + 100);
    const result = await simulateRealtimeDemoPolicy(audio, transcriber);
    // Decodes start at 32 ms (first frame), 1032, 2032 and 3032 ms; 93 whole frames in all.
    expect(result.decodes.map((d) => d.endSample)).toEqual([1, 32, 63, 93].map((frames) => frames * FRAME));
    expect(result.decodes.every((d) => d.startSample === 0)).toBe(true);
    expect(lengths).toEqual([1, 32, 63, 93].map((frames) => frames * FRAME));
    expect(result.computeMs).toBe(4000);
    expect(result.transcript).toBe('w4');
  });

  it('keeps only the last 30 s in the window', async () => {
    const starts: number[] = [];
    const audio = Float32Array.from({ length: 40 * RATE }, (_, i) => i);
    const transcriber: Transcriber = {
      async transcribe(window) {
        starts.push(window[0]);
        return scriptedTranscription('', 0, { decodeMs: 20_000 });
      },
    };
    const result = await simulateRealtimeDemoPolicy(audio, transcriber);
    // At 20.032 s: 626 frames, at 40.032 s: all 1250 frames, the window from 10 s.
    expect(result.decodes.map((d) => [d.startSample, d.endSample])).toEqual([
      [0, FRAME],
      [0, 626 * FRAME],
      [1250 * FRAME - 30 * RATE, 1250 * FRAME],
    ]);
    expect(starts).toEqual([0, 0, 1250 * FRAME - 30 * RATE]);
  });
});

describe('reference speech segmentation', () => {
  it('finds the speech regions with the fixed silero-vad parameters', async () => {
    // Per-frame probabilities: speech at frames 10-29, a 160 ms blip at 40-44 (below the
    // 250 ms minimum), speech from frame 60 to the end of the audio.
    const probabilities = Array.from({ length: 80 }, (_, i) => (i >= 10 && i < 30) || (i >= 40 && i < 45) || i >= 60 ? 0.9 : 0.05);
    let frame = 0;
    let resets = 0;
    const vad: SpeechProbabilityModel = {
      async probability() {
        return probabilities[frame++];
      },
      reset() {
        resets++;
      },
    };
    const regions = await referenceSpeechRegions(new Float32Array(80 * FRAME + 100), vad);
    const seconds = (frames: number) => (frames * FRAME) / RATE;
    expect(regions).toEqual([
      { start: seconds(10), end: seconds(30) },
      { start: seconds(60), end: seconds(80) },
    ]);
    expect(frame).toBe(80);
    expect(resets).toBe(2);
  });
});
