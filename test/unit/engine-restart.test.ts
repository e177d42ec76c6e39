import { describe, expect, it } from 'vitest';
import type { FinalEvent } from '../../src/inference-worker/protocol';
import { FrameRing } from '../../src/audio-worklet/frame-ring';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../src/shared/audio-format';
import { CostedTranscriber, finalsOf, frames, ScriptedVad, SILENCE, SPEECH, startRun, statesOf } from '../support/scripted-engine';

/**
 * What a restart of the inference worker relies on (issue 22): the worklet's ring buffer
 * (`FrameRing`), and the engine's `neededFromSample`, which the worker acknowledges. A second
 * engine fed the unacknowledged frames after the first one "dies" must give every utterance
 * its final once: none lost, none repeated. The VAD and the decoder are scripted; the death of
 * the first engine (it is simply dropped, its pending decodes never answered) is the subject.
 */

/** The scripted stream's length, utterances (one every 4 s). */
const UTTERANCES = 15;
const frame = (value: number) => new Float32Array(FRAME_SAMPLES).fill(value);

describe('FrameRing', () => {
  it('numbers frames, keeps the last `capacity`, and gives back the unacknowledged ones it still holds', () => {
    const ring = new FrameRing(1); // 32 frames of 512 samples
    expect(ring.capacity).toBe(32);
    for (let i = 0; i < 40; i++) expect(ring.push(frame(i))).toBe(i);
    ring.acknowledge(5);
    const { fromIndex, lostFrames, frames: kept } = ring.unacknowledged();
    expect(fromIndex).toBe(8); // 40 - 32: frames 5 to 7 were overwritten
    expect(lostFrames).toBe(3);
    expect(kept.map((f) => f[0])).toEqual(Array.from({ length: 32 }, (_, i) => 8 + i));
    expect(kept.every((f) => f.length === FRAME_SAMPLES)).toBe(true);
  });

  it('never moves its acknowledgement back nor past the frames pushed, and starts again at 0 on reset', () => {
    const ring = new FrameRing(1);
    for (let i = 0; i < 10; i++) ring.push(frame(i));
    ring.acknowledge(6);
    ring.acknowledge(2);
    expect(ring.unacknowledged()).toMatchObject({ fromIndex: 6, lostFrames: 0 });
    ring.acknowledge(99);
    expect(ring.unacknowledged()).toMatchObject({ fromIndex: 10, lostFrames: 0, frames: [] });
    ring.reset();
    expect(ring.push(frame(1))).toBe(0);
    expect(() => ring.push(new Float32Array(100))).toThrow(RangeError);
  });
});

describe('A restarted engine fed the unacknowledged frames', () => {
  /** 3 s utterances with 1 s pauses; the decoder takes `slowdown` × its audio's length. */
  async function dieAndResume(secondsBeforeDeath: number, slowdown: number) {
    const script = (f: number) => (f % frames(4) < frames(3) ? SPEECH : SILENCE);
    const total = frames(UTTERANCES * 4);
    const death = frames(secondsBeforeDeath);
    const ring = new FrameRing();
    const cost = (samples: number) => Math.ceil((slowdown * samples) / FRAME_SAMPLES);
    // The stream's frames carry their index in their samples, so a resumed engine's VAD follows the same script.
    const first = startRun(new ScriptedVad((f) => script(f)), new CostedTranscriber(cost));
    await first.push(death, (i) => frame(ring.push(frame(i)) * 1e-6), () => ring.acknowledge(Math.floor(first.engine.neededFromSample / FRAME_SAMPLES)));
    const shown = finalsOf(first.events);
    const lastFinalId = Math.max(0, ...shown.map((f) => f.utteranceId));
    const behind = statesOf(first.events).includes('falling-behind');

    // The first engine is gone; the second hears the unacknowledged frames again, then the rest live.
    const { fromIndex, lostFrames, frames: replay } = ring.unacknowledged();
    const second = startRun(new ScriptedVad((f) => script(fromIndex + f)), new CostedTranscriber(cost));
    await second.push(replay.length, (i) => replay[i]!);
    await second.push(total - death, (i) => frame((death + i - replay.length) * 1e-6));
    await second.flush();
    const offset = (fromIndex * FRAME_SAMPLES) / SAMPLE_RATE;
    const resumed = finalsOf(second.events).map((f): FinalEvent => ({ ...f, utteranceId: f.utteranceId + lastFinalId, start: f.start + offset, end: f.end + offset }));
    return { finals: [...shown, ...resumed].filter((f) => f.text), lostFrames, behind };
  }

  /** Every scripted utterance (each starting at a multiple of 4 s) has exactly one final. */
  function expectEachUtteranceOnce(finals: FinalEvent[]) {
    const starts = finals.map((f) => Math.round(f.start / 4));
    expect(starts).toEqual(Array.from({ length: UTTERANCES }, (_, i) => i));
    expect(finals.map((f) => f.utteranceId)).toEqual(finals.map((_, i) => i + 1));
  }

  it('loses and repeats nothing when the worker dies in the middle of an utterance', async () => {
    const { finals, lostFrames } = await dieAndResume(13.5, 0.5);
    expect(lostFrames).toBe(0);
    expectEachUtteranceOnce(finals);
  });

  it('loses and repeats nothing when it dies falling behind, with finals queued', async () => {
    // A 3 s final takes 30 s: at 50 s, eleven wait (more than one Whisper window).
    const { finals, lostFrames, behind } = await dieAndResume(50, 10);
    expect(behind).toBe(true);
    expect(lostFrames).toBe(0);
    expectEachUtteranceOnce(finals);
  });
});
