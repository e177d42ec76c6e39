import { describe, expect, it } from 'vitest';
import type { EngineEvent, PartialEvent } from '../../src/inference-worker/protocol';
import { DEFAULT_SETTINGS, mergeSettings } from '../../src/inference-worker/streaming/settings';
import { SAMPLE_RATE } from '../../src/inference-worker/vad/speech-segmenter';
import { CostedTranscriber, frames, ONE_PARTIAL, ScriptedVad, SILENCE, SPEECH, finalsOf, startRun } from '../support/scripted-engine';

/**
 * The early final (issue 7, part 4) on the scripted engine: when its decode starts, when its
 * result becomes the final, and when speech makes it void. A decode costs 2 frames (64 ms),
 * so each finishes well within the redemption (600 ms); the pad after speech is 300 ms.
 */

/** Speech probabilities from a list of [probability, seconds] runs, silence after them. */
function script(runs: [number, number][]): (frame: number) => number {
  const probabilities = runs.flatMap(([p, seconds]) => Array<number>(frames(seconds)).fill(p));
  return (frame) => probabilities[frame] ?? SILENCE;
}

/** Frame index of each event: `record()` after every pushed frame. */
function eventFrames(events: EngineEvent[]) {
  const at: number[] = [];
  let frame = 0;
  return {
    record: () => {
      frame++;
      while (at.length < events.length) at.push(frame);
    },
    frameOf: (event: EngineEvent) => at[events.indexOf(event)],
  };
}

const listeningAt = (events: EngineEvent[]) => events.find((e) => e.type === 'state' && e.state === 'listening');

describe('StreamingEngine early final (issue 7, part 4)', () => {
  it('decodes the utterance once its pad of silence has arrived, and emits that result as the final when the redemption ends, with no second decode', async () => {
    const transcriber = new CostedTranscriber(() => 2);
    const run = startRun(new ScriptedVad(script([[SILENCE, 0.5], [SPEECH, 1]])), transcriber);
    const timeline = eventFrames(run.events);
    await run.push(frames(2.5), undefined, timeline.record);
    await run.flush();

    const [final] = finalsOf(run.events);
    expect(finalsOf(run.events)).toHaveLength(1);
    // One partial, then the early final: nothing is decoded when the redemption ends.
    expect(transcriber.calls).toHaveLength(2);
    const early = transcriber.calls[1];
    expect(final.text).toBe(`decoded ${early.samples} samples`);
    expect(Math.round((final.end - final.start) * SAMPLE_RATE)).toBe(early.samples);
    // It started after 300 ms of silence (the pad), long before the 600 ms redemption ended...
    const speechEndFrame = frames(0.5) + frames(1);
    expect(early.frame - speechEndFrame).toBeGreaterThanOrEqual(frames(0.3) - 1);
    expect(early.frame - speechEndFrame).toBeLessThan(frames(0.6) - 2);
    // ...and the final came on the frame that ended the redemption.
    expect(timeline.frameOf(final)).toBe(timeline.frameOf(listeningAt(run.events)!));
    expect(run.engine.earlyFinalCounts).toEqual({ started: 1, wasted: 0 });
  });

  it('drops the early result when speech resumes within the redemption: one final for the whole utterance', async () => {
    const transcriber = new CostedTranscriber(() => 2);
    const run = startRun(new ScriptedVad(script([[SILENCE, 0.5], [SPEECH, 1], [SILENCE, 0.45], [SPEECH, 1]])), transcriber);
    await run.push(frames(4));
    await run.flush();

    const all = finalsOf(run.events);
    expect(all).toHaveLength(1);
    expect(all[0].end - all[0].start).toBeGreaterThan(2.4);
    expect(all[0].text).toBe(`decoded ${Math.round((all[0].end - all[0].start) * SAMPLE_RATE)} samples`);
    expect(run.engine.earlyFinalCounts).toEqual({ started: 2, wasted: 1 });
  });

  it('uses the early result when Stop comes during the pause, and decodes nothing more', async () => {
    const transcriber = new CostedTranscriber(() => 2);
    const run = startRun(new ScriptedVad(script([[SILENCE, 0.5], [SPEECH, 1]])), transcriber);
    await run.push(frames(0.5) + frames(1) + frames(0.45));
    const decodesBeforeStop = transcriber.calls.length;
    await run.flush();

    const [final] = finalsOf(run.events);
    expect(transcriber.calls).toHaveLength(decodesBeforeStop);
    expect(final.text).toBe(`decoded ${transcriber.calls.at(-1)!.samples} samples`);
    expect(run.engine.earlyFinalCounts).toEqual({ started: 1, wasted: 0 });
  });

  it('decodes nothing before the redemption ends when it is off', async () => {
    const transcriber = new CostedTranscriber(() => 2);
    const run = startRun(new ScriptedVad(script([[SILENCE, 0.5], [SPEECH, 1]])), transcriber, mergeSettings(ONE_PARTIAL, { earlyFinal: false }));
    await run.push(frames(2.5));
    await run.flush();

    expect(transcriber.calls).toHaveLength(2);
    expect(transcriber.calls[1].frame).toBeGreaterThanOrEqual(frames(0.5) + frames(1) + frames(0.6) - 1);
    expect(run.engine.earlyFinalCounts).toEqual({ started: 0, wasted: 0 });
  });
});

describe('StreamingEngine partial that lands after its utterance closed', () => {
  it('still shows it, and its tokens draft the final (decodes slower than the utterance, preemption off)', async () => {
    // A decode takes 1.3 s: the first partial (at 0.4 s of audio) lands after the 0.7 s utterance closed.
    // With preemption on, the final being due would cancel it (preemption.test.ts).
    const transcriber = new CostedTranscriber(() => frames(1.3));
    const run = startRun(new ScriptedVad(script([[SILENCE, 0.5], [SPEECH, 0.7]])), transcriber, mergeSettings(DEFAULT_SETTINGS, { preemptDecodes: false }));
    await run.push(frames(4));
    await run.flush();

    const listening = run.events.indexOf(listeningAt(run.events)!);
    const partial = run.events.find((e): e is PartialEvent => e.type === 'partial')!;
    const [final] = finalsOf(run.events);
    expect(run.events.indexOf(partial)).toBeGreaterThan(listening);
    expect(run.events.indexOf(partial)).toBeLessThan(run.events.indexOf(final));
    expect(partial.utteranceId).toBe(final.utteranceId);
    // The final's decode got the late partial's tokens (its one token: the partial's length) as its draft.
    const [partialCall, finalCall] = transcriber.calls;
    expect(transcriber.calls).toHaveLength(2);
    expect(finalCall.draft).toEqual([partialCall.samples]);
  });
});
