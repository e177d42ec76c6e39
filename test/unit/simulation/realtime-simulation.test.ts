import { beforeAll, describe, expect, it } from 'vitest';
import { loadAudio16k } from '../../../src/audio-file/read-wav-file';
import { loadNodeVad, loadNodeWhisper } from '../../../src/node/node-recognizer';
import { simulateRealtime } from '../../../src/simulation/realtime-simulation';
import type { WhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import type { SpeechProbabilityModel } from '../../../src/inference-worker/vad/speech-probability';
import { SAMPLE_RATE } from '../../../src/inference-worker/vad/speech-segmenter';
import { sharedAudio } from '../../support/shared-data';

/**
 * What the simulation records per decode, on real speech with real Silero VAD and
 * whisper-tiny.en in Node (the benchmark's per-decode figures come from these records, in
 * Node and in Chromium alike).
 */
describe('simulateRealtime decode records (real VAD and Whisper, jfk.wav)', () => {
  let vad: SpeechProbabilityModel;
  let whisper: WhisperTranscriber;
  beforeAll(async () => {
    [vad, whisper] = await Promise.all([loadNodeVad(), loadNodeWhisper()]);
  });

  it('has one record per decode, each final and partial event matched to the decode that produced it', async () => {
    const audio = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const result = await simulateRealtime(audio, { vad, transcriber: whisper });
    const finals = result.events.filter((e) => e.event.type === 'final');
    const partials = result.events.filter((e) => e.event.type === 'partial');
    expect(finals.length).toBeGreaterThan(0);
    expect(result.decodeRecords).toHaveLength(result.decodes);
    expect(result.decodeRecords.filter((r) => r.use === 'final')).toHaveLength(finals.length);
    expect(result.decodeRecords.filter((r) => r.use === 'partial')).toHaveLength(partials.length);
    const summed = result.decodeRecords.reduce((total, r) => total + r.computeMs, 0);
    expect(summed).toBeCloseTo(result.decodeComputeMs, 6);
    for (const [i, record] of result.decodeRecords.entries()) {
      // One decode at a time: each starts after the previous one ended on the virtual clock.
      if (i > 0) expect(record.startedAtMs).toBeGreaterThanOrEqual(result.decodeRecords[i - 1].startedAtMs + result.decodeRecords[i - 1].computeMs - 1e-6);
      expect(record.audioSeconds).toBeGreaterThan(0);
      expect(record.audioSeconds).toBeLessThanOrEqual(audio.length / SAMPLE_RATE);
      if (record.cancelled) {
        // Preempted (a final was due): it stopped at a check, and no event shows it.
        expect(record.use).toBe('none');
        expect(record.decodeMs).toBeNull();
        expect(record.computeMs).toBeGreaterThanOrEqual(record.encoderMs!);
        continue;
      }
      expect(record.decodeMs).not.toBeNull();
      expect(record.decodeMs!).toBeLessThanOrEqual(record.computeMs);
    }
    // Every frame went through the VAD, and took some time there.
    expect(result.vadComputeMs).toBeGreaterThan(0);
  });
});
