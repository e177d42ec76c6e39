import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, mergeSettings, type StreamingSettings } from '../../src/inference-worker/streaming/settings';
import { SAMPLE_RATE } from '../../src/inference-worker/vad/speech-segmenter';
import { CostedTranscriber, errorsOf, finalsOf, frames, ScriptedVad, SILENCE, SPEECH, startRun } from '../support/scripted-engine';

/**
 * Preemption (`preemptDecodes`): a running decode whose result nobody will see is cancelled
 * before its next decoder pass. Every decode here costs 40 frames (1.28 s, a partial on a slow
 * CPU), longer than the 600 ms redemption, and partials follow each other without a gap, so a
 * partial is running when the speaker pauses.
 */
const COST = 40;
const BACK_TO_BACK: StreamingSettings = mergeSettings(DEFAULT_SETTINGS, { partialIntervalMs: 100, preemptDecodes: true });
const NO_PREEMPT = mergeSettings(BACK_TO_BACK, { preemptDecodes: false });

/** Speech probabilities from a list of [probability, seconds] runs, silence after them. */
function script(runs: [number, number][]): (frame: number) => number {
  const probabilities = runs.flatMap(([p, seconds]) => Array<number>(frames(seconds)).fill(p));
  return (frame) => probabilities[frame] ?? SILENCE;
}

async function dictate(runs: [number, number][], settings: StreamingSettings, seconds: number) {
  const transcriber = new CostedTranscriber(() => COST);
  const run = startRun(new ScriptedVad(script(runs)), transcriber, settings);
  await run.push(frames(seconds));
  await run.flush();
  return { run, calls: transcriber.calls };
}

describe('StreamingEngine preemption', () => {
  const pause: [number, number][] = [[SILENCE, 0.5], [SPEECH, 1.5]];
  const speechEndFrame = frames(0.5) + frames(1.5);
  /** The frame on which the redemption (600 ms of silence) closes the utterance. */
  const closedFrame = speechEndFrame + frames(0.6);

  it('lets a partial run through the early final\'s moment, cancels it once the utterance closed, and the final starts at once and says the same', async () => {
    const on = await dictate(pause, BACK_TO_BACK, 6);
    const off = await dictate(pause, NO_PREEMPT, 6);

    expect(finalsOf(on.run.events).map((f) => f.text)).toEqual(finalsOf(off.run.events).map((f) => f.text));
    expect(errorsOf(on.run.events)).toEqual([]);
    // The final is the last decode; the one before it is the partial it preempted.
    const final = on.calls.at(-1)!;
    const preempted = on.calls.at(-2)!;
    expect(preempted.cancelled).toBe(true);
    expect(preempted.frame).toBeLessThan(speechEndFrame + frames(0.3));
    expect(Math.abs(preempted.endFrame! - closedFrame)).toBeLessThanOrEqual(2);
    expect(Math.abs(final.frame - closedFrame)).toBeLessThanOrEqual(2);
    expect(Math.round((finalsOf(on.run.events)[0].end - finalsOf(on.run.events)[0].start) * SAMPLE_RATE)).toBe(final.samples);
    // No early final started: the decoder was busy with the partial while the pause was young.
    expect(on.run.engine.earlyFinalCounts).toEqual({ started: 0, wasted: 0 });
    // Without preemption the final waits for the partial's end.
    expect(off.calls.some((c) => c.cancelled)).toBe(false);
    expect(off.calls.at(-1)!.frame - final.frame).toBeGreaterThan(COST / 2);
  });

  it('cancels the same partial with early finals off', async () => {
    const on = await dictate(pause, mergeSettings(BACK_TO_BACK, { earlyFinal: false }), 6);
    expect(on.calls.at(-2)!.cancelled).toBe(true);
    expect(Math.abs(on.calls.at(-1)!.frame - closedFrame)).toBeLessThanOrEqual(2);
    expect(finalsOf(on.run.events)).toHaveLength(1);
    expect(errorsOf(on.run.events)).toEqual([]);
  });

  it('cancels an early final once speech resumes, and the utterance goes on to one final', async () => {
    // One partial only, so the decoder is free when the pause begins and the early final starts.
    const resumed: [number, number][] = [[SILENCE, 0.5], [SPEECH, 1.5], [SILENCE, 0.45], [SPEECH, 1]];
    const on = await dictate(resumed, mergeSettings(BACK_TO_BACK, { partialIntervalMs: 1e9 }), 8);
    const resumeFrame = speechEndFrame + frames(0.45);
    const early = on.calls.find((c) => c.frame > speechEndFrame && c.frame < resumeFrame);
    expect(early?.cancelled).toBe(true);
    expect(early!.endFrame! - resumeFrame).toBeLessThanOrEqual(1);
    expect(finalsOf(on.run.events)).toHaveLength(1);
    expect(on.run.engine.earlyFinalCounts.wasted).toBe(1);
    expect(errorsOf(on.run.events)).toEqual([]);
  });
});
