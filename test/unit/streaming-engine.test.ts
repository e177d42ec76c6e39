import { beforeAll, describe, expect, it } from 'vitest';
import { loadAudio16k } from '../../src/audio-file/read-wav-file';
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { loadNodeVad, loadNodeWhisper, withGuards } from '../../src/node/node-recognizer';
import { simulateRealtime, type SimulationResult } from '../../src/simulation/realtime-simulation';
import type { EngineEvent, FinalEvent, PartialEvent } from '../../src/inference-worker/protocol';
import { StreamingEngine } from '../../src/inference-worker/streaming/streaming-engine';
import type { WhisperTranscriber } from '../../src/inference-worker/asr/whisper-transcriber';
import type { SpeechProbabilityModel } from '../../src/inference-worker/vad/speech-probability';
import { DEFAULT_SETTINGS } from '../../src/inference-worker/streaming/settings';
import { SAMPLE_RATE, VAD_FRAME_MS, VAD_FRAME_SAMPLES } from '../../src/inference-worker/vad/speech-segmenter';
import { wordErrorRate } from '../../src/evaluation/wer';
import { readManifest, sharedAudio } from '../support/shared-data';
import { generateTokens, loadReferenceWhisper } from '../support/reference-whisper';

/**
 * The streaming engine end to end in Node: real Silero VAD, real whisper-tiny.en, real speech,
 * on the computation-aware virtual clock (decodes take the time they really take here).
 */
describe('StreamingEngine with whisper-tiny.en on real speech', () => {
  let vad: SpeechProbabilityModel;
  /** The bare decoder, and the same with the app's hallucination guards (what the engine gets). */
  let bare: WhisperTranscriber;
  let whisper: WhisperTranscriber;
  let generator: AutomaticSpeechRecognitionPipeline;
  const reference = readManifest('long.tsv')[0].reference;

  beforeAll(async () => {
    [vad, bare] = await Promise.all([loadNodeVad(), loadNodeWhisper(undefined, 'fp32', null)]);
    whisper = withGuards(bare);
    generator = await loadReferenceWhisper();
  });

  const finals = (r: SimulationResult) => r.events.map((e) => e.event).filter((e): e is FinalEvent => e.type === 'final');
  const partials = (r: SimulationResult) => r.events.map((e) => e.event).filter((e): e is PartialEvent => e.type === 'partial');

  /** Checks the invariants of the event stream that hold for any audio. */
  function expectConsistentStream(result: SimulationResult): void {
    const closed = new Set<number>();
    const stableSoFar = new Map<number, string>();
    for (const { event } of result.events) {
      if (event.type === 'partial') {
        expect(closed.has(event.utteranceId), 'partial after its final').toBe(false);
        const before = stableSoFar.get(event.utteranceId) ?? '';
        expect(event.stable.startsWith(before), `committed text changed: "${before}" -> "${event.stable}"`).toBe(true);
        stableSoFar.set(event.utteranceId, event.stable);
      } else if (event.type === 'final') {
        expect(closed.has(event.utteranceId)).toBe(false);
        closed.add(event.utteranceId);
        expect(event.end - event.start).toBeLessThanOrEqual(DEFAULT_SETTINGS.maxUtteranceSeconds);
      }
    }
    const ids = finals(result).map((f) => f.utteranceId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }

  for (const file of ['long_pauses.wav', 'long_continuous.wav']) {
    it(`transcribes ${file}: every reference word once, final WER within 3 points of offline; every decode gives generate()'s tokens`, async () => {
      const audio = await loadAudio16k(sharedAudio(file));
      const offline = wordErrorRate(reference, await whisper.transcribeOffline(audio));
      // Each window the engine decodes, with the bare decoder's result (the guards pass speech unchanged).
      const windows: { audio: Float32Array; tokens: number[] }[] = [];
      const recording: WhisperTranscriber = {
        ...bare,
        async transcribe(input, options) {
          const copy = input.slice();
          const result = await bare.transcribe(input, options);
          windows.push({ audio: copy, tokens: result.tokens });
          return result;
        },
      };
      const result = await simulateRealtime(audio, { vad, transcriber: withGuards(recording) });
      expectConsistentStream(result);
      const text = finals(result).map((f) => f.text).join(' ');
      const streamed = wordErrorRate(reference, text);
      console.log(`${file}: streaming WER ${(streamed.wer * 100).toFixed(1)}% vs offline ${(offline.wer * 100).toFixed(1)}%; ${finals(result).length} finals, ${partials(result).length} partials, ${result.decodes} decodes`);
      expect(streamed.wer).toBeLessThanOrEqual(offline.wer + 0.03);
      // nothing lost or repeated: deletions and insertions stay within 3% of the reference words
      expect(streamed.deletions + streamed.insertions).toBeLessThanOrEqual(offline.deletions + offline.insertions + Math.ceil(0.03 * streamed.referenceWords));
      // Utterances of 4 s or more show partials before their final (shorter ones may end while
      // the previous final decodes), and the last partial shows the whole utterance, not the window.
      for (const final of finals(result)) {
        const own = partials(result).filter((p) => p.utteranceId === final.utteranceId);
        if (final.end - final.start >= 4) expect(own.length, `no partial for utterance ${final.utteranceId}`).toBeGreaterThan(0);
        if (own.length === 0) continue;
        // The partial must read as the start of the utterance, however far behind the decoder
        // is: a window-only partial would start mid-utterance. Its first three words match the
        // final's within one edit (later words may differ: the final decodes more context).
        const last = own[own.length - 1];
        const head = (text: string) => text.replace(/[^\p{L}\p{N}' ]/gu, ' ').trim().split(/\s+/).slice(0, 3).join(' ');
        const shown = `${last.stable} ${last.unstable}`.trim();
        if (shown.split(' ').length >= 3) expect(wordErrorRate(head(final.text), head(shown)).wer, `partial "${shown}" vs final "${final.text}"`).toBeLessThanOrEqual(1 / 3);
      }
      // Sotto's decoder (drafts included) against transformers.js's generate() on every window:
      // partials as well as finals (how many partials fit depends on this machine's speed).
      expect(windows.length).toBeGreaterThan(finals(result).length);
      for (const [i, window] of windows.entries()) {
        expect(window.tokens, `${file} decode ${i}`).toEqual(await generateTokens(generator, window.audio, bare.vocabulary.endOfText));
      }
    });
  }

  it('starts no partial once partialSilenceCutoffMs (200 ms) of silence has followed the speech (jfk.wav, frames at 4x real time)', async () => {
    const clip = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const audio = new Float32Array(clip.length + 2 * SAMPLE_RATE);
    audio.set(clip);
    // The engine's VAD probabilities, from a fresh run of the same deterministic model.
    vad.reset();
    const probabilities: number[] = [];
    for (let i = 0; i + VAD_FRAME_SAMPLES <= audio.length; i += VAD_FRAME_SAMPLES) probabilities.push(await vad.probability(audio.subarray(i, i + VAD_FRAME_SAMPLES)));
    vad.reset();
    // Real decodes, each recorded with the number of frames the engine had processed when it started.
    let framesProcessed = 0;
    const calls: { frames: number; samples: number }[] = [];
    const events: EngineEvent[] = [];
    const cutoffMs = 200;
    const engine = new StreamingEngine({
      vad,
      // No early final: its decode (after 300 ms of silence) would count as a partial here.
      settings: { ...DEFAULT_SETTINGS, partialSilenceCutoffMs: cutoffMs, earlyFinal: false },
      transcriber: { transcribe: (input) => (calls.push({ frames: framesProcessed, samples: input.length }), whisper.transcribe(input)) },
      onEvent: (event) => events.push(event),
    });
    for (let i = 0; i + VAD_FRAME_SAMPLES <= audio.length; i += VAD_FRAME_SAMPLES) {
      await engine.pushFrame(audio.subarray(i, i + VAD_FRAME_SAMPLES));
      framesProcessed++;
      await new Promise((resolve) => setTimeout(resolve, VAD_FRAME_MS / 4));
    }
    await engine.flush();
    // A final decodes exactly its utterance; every other decode is a partial of the window
    // [utterance start, buffer end] (JFK's utterances are shorter than the 6 s window).
    const finalEvents = events.filter((e): e is FinalEvent => e.type === 'final');
    const finalSamples = new Set(finalEvents.map((f) => Math.round((f.end - f.start) * SAMPLE_RATE)));
    const partialCalls = calls.filter((c) => !finalSamples.has(c.samples));
    expect(partialCalls.length).toBeGreaterThan(3);
    const { negativeSpeechThreshold } = DEFAULT_SETTINGS.vad;
    for (const { frames, samples } of partialCalls) {
      const utterance = finalEvents.find((f) => frames * VAD_FRAME_SAMPLES >= f.start * SAMPLE_RATE && frames * VAD_FRAME_SAMPLES <= f.end * SAMPLE_RATE + SAMPLE_RATE)!;
      const endFrame = Math.round((utterance.start * SAMPLE_RATE + samples) / VAD_FRAME_SAMPLES);
      let voiced = endFrame - 1;
      while (voiced >= 0 && probabilities[voiced] < negativeSpeechThreshold) voiced--;
      expect((endFrame - 1 - voiced) * VAD_FRAME_MS, `partial of ${samples} samples in utterance ${utterance.utteranceId}`).toBeLessThan(cutoffMs);
    }
  });

  it('early final and preemption: the same finals (text and span) on jfk.wav with them, without them, and with partials off; each utterance decoded once without partials', async () => {
    const clip = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const audio = new Float32Array(clip.length + 2 * SAMPLE_RATE);
    audio.set(clip);
    const span = (r: SimulationResult) => finals(r).map((f) => ({ text: f.text, start: f.start, end: f.end }));
    const early = await simulateRealtime(audio, { vad, transcriber: whisper, settings: { ...DEFAULT_SETTINGS, preemptDecodes: true } });
    const late = await simulateRealtime(audio, { vad, transcriber: whisper, settings: { ...DEFAULT_SETTINGS, earlyFinal: false, preemptDecodes: false } });
    const unpreempted = await simulateRealtime(audio, { vad, transcriber: whisper, settings: { ...DEFAULT_SETTINGS, preemptDecodes: false } });
    // Without partials the decoder is free when a pause begins, so the early final always starts.
    const alone = await simulateRealtime(audio, { vad, transcriber: whisper, settings: { ...DEFAULT_SETTINGS, partials: false } });
    for (const [name, r] of Object.entries({ early, late, unpreempted, alone })) {
      const cancelled = r.decodeRecords.filter((d) => d.cancelled).length;
      console.log(`jfk.wav ${name}: early finals ${JSON.stringify(r.earlyFinals)}, ${r.decodes} decodes (${cancelled} cancelled), ${finals(r).length} finals`);
    }
    expect(span(early)).toEqual(span(late));
    expect(span(unpreempted)).toEqual(span(late));
    expect(unpreempted.decodeRecords.some((d) => d.cancelled)).toBe(false);
    expect(span(alone)).toEqual(span(late));
    expect(late.earlyFinals.started).toBe(0);
    expect(partials(alone)).toHaveLength(0);
    expect(alone.earlyFinals.started - alone.earlyFinals.wasted).toBeGreaterThanOrEqual(1);
    expect(alone.decodes).toBe(finals(alone).length + alone.earlyFinals.wasted);
  });

  it('splits utterances longer than maxUtteranceSeconds at pauses without losing or repeating words', async () => {
    const audio = await loadAudio16k(sharedAudio('long_continuous.wav'));
    const settings = { ...DEFAULT_SETTINGS, maxUtteranceSeconds: 8 };
    const result = await simulateRealtime(audio, { vad, transcriber: whisper, settings });
    expectConsistentStream(result);
    const all = finals(result);
    for (const f of all) expect(f.end - f.start).toBeLessThanOrEqual(8);
    // consecutive pieces of a split utterance meet exactly (no audio lost or decoded twice)
    const joined = all.filter((f, i) => i > 0 && Math.abs(f.start - all[i - 1].end) < 1e-9);
    expect(joined.length).toBeGreaterThanOrEqual(2);
    const streamed = wordErrorRate(reference, all.map((f) => f.text).join(' '));
    console.log(`long_continuous.wav split at 8 s: WER ${(streamed.wer * 100).toFixed(1)}%, ${all.length} finals`);
    expect(streamed.wer).toBeLessThanOrEqual(0.15);
  });

  it('produces no text and runs no decode on noise (alsa_noise_48k.wav)', async () => {
    const audio = await loadAudio16k(sharedAudio('dev/alsa_noise_48k.wav'));
    const result = await simulateRealtime(audio, { vad, transcriber: whisper });
    expect(result.events.filter((e) => e.event.type === 'partial' || e.event.type === 'final')).toEqual([]);
    expect(result.decodes).toBe(0);
  });
});
