import { describe, expect, it } from 'vitest';
import type { EngineEvent, FinalEvent, PartialEvent } from '../../src/inference-worker/protocol';
import type { Transcriber } from '../../src/inference-worker/asr/transcriber';
import { StreamingEngine } from '../../src/inference-worker/streaming/streaming-engine';
import { DEFAULT_SETTINGS } from '../../src/inference-worker/streaming/settings';
import { SAMPLE_RATE, VAD_FRAME_MS, VAD_FRAME_SAMPLES } from '../../src/inference-worker/vad/speech-segmenter';
import { frames, SPEECH, SILENCE, ONE_PARTIAL, ScriptedVad, CostedTranscriber, settle, startRun, finalsOf, errorsOf, statesOf, namesLength, type Hypothesis, type Run } from '../support/scripted-engine';

/**
 * Faults and long sessions of the streaming engine (issue 8, items 1, 2, 3 and 5), on the
 * scripted engine of `test/support/scripted-engine.ts`: what is tested is the engine's
 * bookkeeping, not recognition (the real-model tests are in streaming-engine.test.ts).
 */
describe('StreamingEngine faults (issue 8, item 1)', () => {
  it('reports a frame whose VAD call throws once, keeps its audio, and goes on with later frames', async () => {
    // 1 s silence, 3 s speech (the VAD throws at 2 s), 1 s silence, 2 s speech, 1 s silence.
    const failAt = frames(2);
    const script = (f: number) =>
      f === failAt ? new Error('ONNX Runtime: session run failed') : (f >= frames(1) && f < frames(4)) || (f >= frames(5) && f < frames(7)) ? SPEECH : SILENCE;
    const run = startRun(new ScriptedVad(script), new CostedTranscriber());
    await run.push(frames(8)); // every push resolves: none rejects after the failure
    await run.flush();
    const errors = errorsOf(run.events);
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('bad-audio');
    expect(errors[0].message).toContain('voice detector failed');
    const finals = finalsOf(run.events);
    expect(finals).toHaveLength(2);
    // The failing frame stayed inside the first utterance; its audio was decoded with it.
    expect(finals[0].start).toBeLessThan(failAt * VAD_FRAME_MS / 1000);
    expect(finals[0].end).toBeGreaterThan((failAt + 1) * VAD_FRAME_MS / 1000);
    expect(finals.map((f) => f.text)).toEqual(finals.map((f) => `decoded ${Math.round((f.end - f.start) * SAMPLE_RATE)} samples`));
    expect(finals[1].start).toBeGreaterThan(4.5);
  });

  it('reports a run of failing frames as one error, and recovers when the VAD answers again', async () => {
    const script = (f: number) => (f >= frames(1) && f < frames(2) ? new Error('device lost') : f >= frames(3) && f < frames(5) ? SPEECH : SILENCE);
    const run = startRun(new ScriptedVad(script), new CostedTranscriber());
    await run.push(frames(6));
    await run.flush();
    expect(errorsOf(run.events)).toHaveLength(1);
    expect(finalsOf(run.events)).toHaveLength(1);
  });

  it('goes on after the event listener throws, and flush always resets: a new session starts at 0 s', async () => {
    const script = (f: number) => (f >= frames(1) && f < frames(3) ? SPEECH : SILENCE);
    const transcriber = new CostedTranscriber();
    const events: EngineEvent[] = [];
    let thrown = 0;
    const engine = new StreamingEngine({
      vad: new ScriptedVad(script),
      transcriber,
      settings: ONE_PARTIAL,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'state' && thrown++ === 0) throw new Error('listener bug');
      },
    });
    const quiet = new Float32Array(VAD_FRAME_SAMPLES);
    for (let session = 0; session < 2; session++) {
      for (let i = 0; i < frames(4); i++) await engine.pushFrame(quiet);
      const flushing = engine.flush();
      transcriber.finishAll();
      await settle();
      transcriber.finishAll();
      await flushing;
    }
    const finals = finalsOf(events);
    expect(finals).toHaveLength(2);
    expect(finals[1].start).toBe(finals[0].start); // the second session's clock restarted at 0
    expect(thrown).toBeGreaterThan(1);
  });

  it('tries a final decode that throws once more: nothing is lost; when it throws twice, the last partial text stays with a message', async () => {
    // One utterance of 2 s: its partial decodes 1.3 s, its final 2.6 s (the post-speech pad included).
    const script = (f: number) => (f >= frames(1) && f < frames(3) ? SPEECH : SILENCE);
    for (const failures of [1, 2]) {
      let failed = 0;
      const hypothesis: Hypothesis = (audio) => {
        const isFinal = audio.length >= 2.5 * SAMPLE_RATE;
        if (isFinal && failed++ < failures) throw new Error('ONNX Runtime: run failed');
        const { text } = namesLength(audio);
        return { text, segments: [{ start: 0, end: audio.length / SAMPLE_RATE, text }] };
      };
      const transcriber = new CostedTranscriber(() => 0, hypothesis);
      const run = startRun(new ScriptedVad(script), transcriber, { ...ONE_PARTIAL, earlyFinal: false });
      await run.push(frames(5));
      await run.flush();
      const [final] = finalsOf(run.events);
      const finalCalls = transcriber.calls.filter((c) => c.samples >= 2.5 * SAMPLE_RATE);
      const partial = transcriber.calls.find((c) => c.samples < 2.5 * SAMPLE_RATE)!;
      if (failures === 1) {
        expect(finalCalls).toHaveLength(2);
        expect(final.text).toBe(`decoded ${finalCalls[0].samples} samples`);
        expect(errorsOf(run.events)).toEqual([]);
      } else {
        expect(finalCalls).toHaveLength(2);
        expect(final.text).toBe(`decoded ${partial.samples} samples`);
        expect(errorsOf(run.events).map((e) => [e.code, e.message.startsWith('Final decode failed twice')])).toEqual([['decode-failed', true]]);
      }
    }
  });

  it('rejects a frame of the wrong length, and the stream goes on', async () => {
    const run = startRun(new ScriptedVad((f) => (f >= frames(1) && f < frames(2) ? SPEECH : SILENCE)), new CostedTranscriber());
    await expect(run.engine.pushFrame(new Float32Array(100))).rejects.toThrow(RangeError);
    await run.push(frames(3));
    await run.flush();
    expect(finalsOf(run.events)).toHaveLength(1);
  });
});

describe('StreamingEngine split, then speech end (issue 8, item 2)', () => {
  // Speech from 0 s to 29.536 s (923 frames), then silence whose level falls frame by frame,
  // so the quietest frame of the 30 s utterance's second half is its last but one: the split
  // lands at 29.97 s, after the speech-end sample (last speech + 300 ms pad = 29.84 s).
  const speechFrames = 923;
  const script = (f: number) => (f < speechFrames ? SPEECH : SILENCE);
  const frameAt = (i: number) => new Float32Array(VAD_FRAME_SAMPLES).fill(i < speechFrames ? 0.1 : 0.01 / (1 + i - speechFrames));

  /** Streams `seconds` of the script and Stops: the two finals, after checking that no error came and the first piece was decoded. */
  async function splitFinals(seconds: number): Promise<FinalEvent[]> {
    const run = startRun(new ScriptedVad(script), new CostedTranscriber());
    await run.push(frames(seconds), frameAt);
    await run.flush();
    expect(errorsOf(run.events)).toEqual([]);
    const finals = finalsOf(run.events);
    expect(finals).toHaveLength(2);
    // The first piece holds all the speech, and was decoded.
    expect(finals[0].end).toBeGreaterThan((speechFrames * VAD_FRAME_MS) / 1000);
    expect(finals[0].text).toBe(`decoded ${Math.round(finals[0].end * SAMPLE_RATE)} samples`);
    return finals;
  }

  it('gives the piece after the split an empty final with no decode when speech ends before it', async () => {
    const finals = await splitFinals(32);
    expect(finals[1]).toMatchObject({ text: '', start: finals[0].end, end: finals[0].end });
  });

  it('decodes no final on less speech than minSpeechMs when Stop comes right after the split', async () => {
    const finals = await splitFinals(30.05);
    // The piece after the split holds 80 ms of silence: no decode.
    expect(finals[1].text).toBe('');
    expect(finals[1].end).toBeGreaterThan(finals[1].start);
  });
});

describe('StreamingEngine memory bounds over an hour (issue 8, item 5)', () => {
  const hour = frames(3600);

  /** Pushes `count` frames, returning the most samples the buffer and the waiting finals held after any frame. */
  async function pushTracking(run: Run, count: number): Promise<{ maxBuffered: number; maxQueued: number }> {
    let maxBuffered = 0;
    let maxQueued = 0;
    await run.push(count, undefined, () => {
      const memory = run.engine.memory;
      maxBuffered = Math.max(maxBuffered, memory.bufferedSamples);
      maxQueued = Math.max(maxQueued, memory.queuedSamples);
    });
    return { maxBuffered, maxQueued };
  }

  it('holds at most one utterance of audio during an hour of unbroken speech', async () => {
    const settings = ONE_PARTIAL;
    // Decodes take a quarter of their audio's length: the decoder keeps up.
    const run = startRun(new ScriptedVad(() => SPEECH), new CostedTranscriber((samples) => Math.ceil(samples / VAD_FRAME_SAMPLES / 4)), settings);
    const { maxBuffered, maxQueued } = await pushTracking(run, hour);
    await run.flush();
    expect(maxBuffered).toBeLessThanOrEqual(settings.maxUtteranceSeconds * SAMPLE_RATE + VAD_FRAME_SAMPLES);
    expect(maxQueued).toBeLessThanOrEqual(settings.maxUtteranceSeconds * SAMPLE_RATE);
    const finals = finalsOf(run.events);
    expect(finals.length).toBeGreaterThanOrEqual(120);
    // The pieces tile the hour: each starts where the previous ended, and each was decoded.
    for (let i = 1; i < finals.length; i++) expect(finals[i].start).toBe(finals[i - 1].end);
    expect(finals[finals.length - 1].end).toBe((hour * VAD_FRAME_SAMPLES) / SAMPLE_RATE);
    expect(finals.every((f) => f.text.startsWith('decoded'))).toBe(true);
    expect(statesOf(run.events)).not.toContain('falling-behind');
    expect(run.engine.memory).toEqual({ bufferedSamples: 0, queuedFinals: 0, queuedSamples: 0 });
  });

  it('bounds the final queue when decoding is 3 times slower than real time, shows falling-behind, and names every span it did not transcribe', async () => {
    const settings = ONE_PARTIAL;
    // 5 s utterances with 1 s pauses; a decode takes three times its audio's length.
    const script = (f: number) => (f % frames(6) < frames(5) ? SPEECH : SILENCE);
    const run = startRun(new ScriptedVad(script), new CostedTranscriber((samples) => 3 * Math.ceil(samples / VAD_FRAME_SAMPLES)), settings);
    const { maxBuffered, maxQueued } = await pushTracking(run, hour);
    await run.flush();
    expect(maxBuffered).toBeLessThanOrEqual(settings.maxUtteranceSeconds * SAMPLE_RATE + VAD_FRAME_SAMPLES);
    expect(maxQueued).toBeLessThanOrEqual(settings.maxQueuedSeconds * SAMPLE_RATE);
    expect(maxQueued).toBeGreaterThan((settings.maxQueuedSeconds - 10) * SAMPLE_RATE); // the cap, not luck, bounded it

    const states = statesOf(run.events);
    expect(states).toContain('falling-behind');
    const finals = finalsOf(run.events);
    expect(finals.map((f) => f.utteranceId)).toEqual(finals.map((_, i) => i + 1)); // every utterance has its final, in order
    const utterances = Math.ceil(hour / frames(6));
    expect(finals).toHaveLength(utterances);
    // Each final was either decoded or named in an error: nothing is dropped silently.
    const notTranscribed = errorsOf(run.events).filter((e) => e.code === 'decode-failed');
    const undecoded = finals.filter((f) => !f.text.startsWith('decoded'));
    expect(undecoded.length).toBeGreaterThan(0);
    expect(undecoded.every((f) => f.text === '' && f.dropped === 'queue-full')).toBe(true);
    expect(notTranscribed).toHaveLength(undecoded.length);
    undecoded.forEach((f, i) => expect(notTranscribed[i].message).toContain(`from ${f.start.toFixed(2)} s to ${f.end.toFixed(2)} s`));
    // The queue drained before the session ended: the last state is no longer falling-behind.
    expect(states[states.length - 1]).not.toBe('falling-behind');
    expect(run.engine.memory).toEqual({ bufferedSamples: 0, queuedFinals: 0, queuedSamples: 0 });
  });
});

describe('StreamingEngine stabilizer after a revised committed word (issue 8, item 3)', () => {
  it('keeps committing and trimming the window when a later hypothesis revises a committed word', async () => {
    // 28 s of unbroken speech, a word every 0.4 s. Each frame's samples hold its index, so the
    // transcriber double knows which words its audio holds: those wholly inside, as "w<i>",
    // in timestamped segments of 5 words. Word 3 (1.2-1.6 s) reads "w3" until the audio
    // reaches 4 s, "w3x" afterwards: the model changes its mind after it was committed.
    const wordSeconds = 0.4;
    const hypothesis: Hypothesis = (audio) => {
      const start = (audio[0] * VAD_FRAME_SAMPLES) / SAMPLE_RATE;
      const end = start + audio.length / SAMPLE_RATE;
      const first = Math.ceil(start / wordSeconds - 1e-9);
      const words: string[] = [];
      for (let i = first; (i + 1) * wordSeconds <= end + 1e-9; i++) words.push(i === 3 && end > 4 ? 'w3x' : `w${i}`);
      const segments = [];
      for (let k = 0; k < words.length; k += 5) {
        segments.push({ start: (first + k) * wordSeconds - start, end: Math.min(first + k + 5, first + words.length) * wordSeconds - start, text: words.slice(k, k + 5).join(' ') });
      }
      return { text: words.join(' '), segments };
    };
    const transcriber = new CostedTranscriber(() => 0, hypothesis);
    const decodedSeconds: number[] = [];
    const counting: Transcriber = { transcribe: (audio) => (decodedSeconds.push(audio.length / SAMPLE_RATE), transcriber.transcribe(audio)) };
    const events: EngineEvent[] = [];
    const engine = new StreamingEngine({ vad: new ScriptedVad(() => SPEECH), transcriber: counting, onEvent: (e) => events.push(e) });
    const speechFrames = frames(28);
    for (let i = 0; i < speechFrames; i++) {
      await engine.pushFrame(new Float32Array(VAD_FRAME_SAMPLES).fill(i));
      if (transcriber.tick()) await settle();
    }
    const partials = events.filter((e): e is PartialEvent => e.type === 'partial');
    expect(partials.length).toBeGreaterThan(40);
    // Committed text never changes, and it keeps growing after the revision.
    partials.forEach((p, i) => i > 0 && expect(p.stable.startsWith(partials[i - 1].stable)).toBe(true));
    const last = partials[partials.length - 1];
    expect(last.stable.split(' ')[3]).toBe('w3');
    expect(last.stable.split(' ').length).toBeGreaterThan(60);
    expect(last.unstable).not.toContain('w3x');
    // The window keeps being trimmed: no partial (every decode here) is much longer than the 6 s window.
    expect(Math.max(...decodedSeconds)).toBeLessThanOrEqual(DEFAULT_SETTINGS.windowSeconds + 2 * 5 * wordSeconds);
  });
});
