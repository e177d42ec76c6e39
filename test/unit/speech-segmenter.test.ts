import { beforeAll, describe, expect, it } from 'vitest';
import { SpeechSegmenter, VAD_FRAME_MS, VAD_FRAME_SAMPLES, SAMPLE_RATE, type SegmenterEvent } from '../../src/inference-worker/vad/speech-segmenter';
import { DEFAULT_SETTINGS, type VadSettings } from '../../src/inference-worker/streaming/settings';
import { loadNodeVad } from '../../src/node/node-recognizer';
import { loadAudio16k, readWavFile } from '../../src/audio-file/read-wav-file';
import type { SpeechProbabilityModel } from '../../src/inference-worker/vad/speech-probability';
import { LONG_PAUSES_CLIPS, LONG_PAUSES_GAP_SECONDS, sharedAudio } from '../support/shared-data';

const vadSettings: VadSettings = DEFAULT_SETTINGS.vad;
const frames = (ms: number) => Math.round(ms / VAD_FRAME_MS);

function run(probabilities: number[], settings = vadSettings): { frame: number; event: SegmenterEvent }[] {
  const segmenter = new SpeechSegmenter(settings);
  const out: { frame: number; event: SegmenterEvent }[] = [];
  probabilities.forEach((p, frame) => {
    const event = segmenter.push(p);
    if (event) out.push({ frame, event });
  });
  return out;
}

describe('SpeechSegmenter (frame logic)', () => {
  it('opens an utterance once minimum speech is reached, with the pre-speech pad', () => {
    const probs = [...Array(20).fill(0.01), ...Array(frames(1000)).fill(0.9), ...Array(frames(800)).fill(0.01)];
    const events = run(probs);
    expect(events.map((e) => e.event.type)).toEqual(['speech-start', 'speech-end']);
    const start = events[0].event as { startSample: number };
    expect(start.startSample).toBe(20 * VAD_FRAME_SAMPLES - (vadSettings.preSpeechPadMs * SAMPLE_RATE) / 1000);
    // confirmed after minSpeechMs of speech frames
    expect(events[0].frame).toBe(20 + Math.ceil(vadSettings.minSpeechMs / VAD_FRAME_MS) - 1);
    // ends after redemptionMs of silence, keeping a post-speech pad
    const lastSpeechFrame = 20 + frames(1000) - 1;
    expect(events[1].frame).toBe(lastSpeechFrame + Math.ceil(vadSettings.redemptionMs / VAD_FRAME_MS));
    const end = events[1].event as { endSample: number };
    expect(end.endSample).toBe((lastSpeechFrame + 1) * VAD_FRAME_SAMPLES + (vadSettings.preSpeechPadMs * SAMPLE_RATE) / 1000);
  });

  it('counts the speech frames of the open candidate or utterance', () => {
    const segmenter = new SpeechSegmenter(vadSettings);
    for (const p of [0.01, 0.9, 0.9, 0.4, 0.9]) segmenter.push(p);
    expect(segmenter.speechFrameCount).toBe(3); // the undecided 0.4 frame is not speech
    for (let i = 0; i < frames(800); i++) segmenter.push(0.01);
    expect(segmenter.speechFrameCount).toBe(0);
  });

  it('calls a blip shorter than minimum speech a misfire', () => {
    const probs = [...Array(5).fill(0), ...Array(3).fill(0.95), ...Array(frames(800)).fill(0)];
    expect(run(probs).map((e) => e.event.type)).toEqual(['misfire']);
  });

  it('keeps the utterance open through pauses shorter than the redemption time and mid-threshold frames', () => {
    const pause = Array(frames(vadSettings.redemptionMs) - 2).fill(0.05);
    const hesitant = Array(40).fill(0.4); // between the negative and positive thresholds
    const probs = [...Array(frames(500)).fill(0.9), ...pause, ...Array(10).fill(0.9), ...hesitant, ...pause, ...Array(10).fill(0.9), ...Array(frames(700)).fill(0)];
    expect(run(probs).map((e) => e.event.type)).toEqual(['speech-start', 'speech-end']);
  });

  it('follows configuration changes', () => {
    const probs = [...Array(frames(500)).fill(0.9), ...Array(frames(400)).fill(0.05), ...Array(frames(500)).fill(0.9), ...Array(frames(400)).fill(0.05)];
    expect(run(probs).filter((e) => e.event.type === 'speech-end')).toHaveLength(0);
    expect(run(probs, { ...vadSettings, redemptionMs: 300 }).filter((e) => e.event.type === 'speech-end')).toHaveLength(2);
  });
});

describe('Silero VAD v5 + SpeechSegmenter on real audio', () => {
  let vad: SpeechProbabilityModel;
  beforeAll(async () => {
    vad = await loadNodeVad();
  });

  async function segment(path: string, settings = vadSettings): Promise<{ start: number; end: number }[]> {
    const audio = await loadAudio16k(path);
    vad.reset();
    const segmenter = new SpeechSegmenter(settings);
    const utterances: { start: number; end: number }[] = [];
    let start = 0;
    for (let i = 0; i + VAD_FRAME_SAMPLES <= audio.length; i += VAD_FRAME_SAMPLES) {
      const event = segmenter.push(await vad.probability(audio.subarray(i, i + VAD_FRAME_SAMPLES)));
      if (event?.type === 'speech-start') start = event.startSample / SAMPLE_RATE;
      if (event?.type === 'speech-end') utterances.push({ start, end: event.endSample / SAMPLE_RATE });
    }
    if (segmenter.active) utterances.push({ start, end: audio.length / SAMPLE_RATE });
    return utterances;
  }

  it('splits long_pauses.wav at every sentence boundary and nowhere else but JFK\'s long pauses', async () => {
    // Sentence spans from the clips it was built from; boundaries in the middle of each 1.2 s gap.
    const spans: { start: number; end: number }[] = [];
    let t = 0;
    for (const clip of LONG_PAUSES_CLIPS) {
      const { samples, sampleRate } = await readWavFile(sharedAudio(clip));
      spans.push({ start: t, end: t + samples.length / sampleRate });
      t += samples.length / sampleRate + LONG_PAUSES_GAP_SECONDS;
    }
    const sentenceOf = (time: number) => spans.findIndex((s) => time < s.end + LONG_PAUSES_GAP_SECONDS / 2);
    const utterances = await segment(sharedAudio('long_pauses.wav'));
    const perSentence = spans.map(() => 0);
    for (const u of utterances) {
      const sentence = sentenceOf(u.start);
      expect(sentenceOf(u.end - 0.01), `utterance ${u.start}-${u.end} straddles a sentence boundary`).toBe(sentence);
      perSentence[sentence]++;
    }
    // Seven sentences come out whole. JFK's sentence holds two 1.1 s pauses ("And so my fellow
    // Americans … ask not … what your country"), longer than the 600 ms end-of-speech silence,
    // so it may come out in up to three utterances: 8 to 10 in all.
    expect(perSentence.slice(1)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(perSentence[0]).toBeGreaterThanOrEqual(1);
    expect(perSentence[0]).toBeLessThanOrEqual(3);
  });

  it('finds the 8 sentences of long_pauses.wav, plus or minus one, with a redemption between its pause lengths', async () => {
    // Silences measured with Silero on this file: JFK's sentence pauses for 1.18 s and 1.09 s,
    // the gaps between sentences last 1.18-2.08 s. No end-of-speech silence can tell JFK's
    // first pause from the shortest sentence gaps; 1100 ms keeps his second pause inside the
    // utterance and ends every sentence: 9 utterances, JFK's sentence in two.
    const utterances = await segment(sharedAudio('long_pauses.wav'), { ...vadSettings, redemptionMs: 1100 });
    expect(utterances.length).toBeGreaterThanOrEqual(LONG_PAUSES_CLIPS.length - 1);
    expect(utterances.length).toBeLessThanOrEqual(LONG_PAUSES_CLIPS.length + 1);
  });

  it('finds no speech in alsa_noise_48k.wav', async () => {
    expect(await segment(sharedAudio('dev/alsa_noise_48k.wav'))).toEqual([]);
  });
});
