import { beforeAll, describe, expect, it } from 'vitest';
import type { AutomaticSpeechRecognitionPipeline, Tensor } from '@huggingface/transformers';
import { loadAudio16k } from '../../../src/audio-file/read-wav-file';
import { loadNodeWhisper } from '../../../src/node/node-recognizer';
import { tokenBudget, type WhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import type { DecodeOptions, Transcription } from '../../../src/inference-worker/asr/transcriber';
import { SAMPLE_RATE } from '../../../src/inference-worker/vad/speech-segmenter';
import { readManifest, sharedAudio } from '../../support/shared-data';
import { generateTokens, loadReferenceWhisper } from '../../support/reference-whisper';
import { cancelDecode, newCancelFlag } from '../../../src/inference-worker/asr/decode-cancellation';
import { decoderPrefix } from '../../../src/inference-worker/asr/decoder-prompt';
import { encode, greedyDecode, type WhisperModelParts } from '../../../src/inference-worker/asr/whisper-decoder';

/**
 * Sotto's decoding loop against transformers.js's own: on real speech and the real
 * whisper-tiny.en, every decode must give the tokens `generate()` gives (greedy, timestamps on,
 * the same `max_new_tokens`) and the segments the ASR pipeline gives, with or without a draft.
 * Every window the streaming engine decodes in both long files is checked the same way in
 * `test/unit/streaming-engine.test.ts`, on the same simulation runs as its streaming checks.
 */
describe('own Whisper decoder (whisper-tiny.en) against transformers.js generate()', () => {
  let ours: WhisperTranscriber;
  let reference: AutomaticSpeechRecognitionPipeline;

  beforeAll(async () => {
    ours = await loadNodeWhisper(undefined, 'fp32', null);
    reference = await loadReferenceWhisper();
  });

  /** The pipeline's segments for one decode of `audio`, as the app's transcriber reported them before. */
  async function referenceSegments(audio: Float32Array) {
    const out = (await reference(audio, { return_timestamps: true, max_new_tokens: tokenBudget(audio.length / SAMPLE_RATE) })) as {
      chunks: { timestamp: [number, number | null]; text: string }[];
    };
    return out.chunks.map((c) => c.text.trim()).filter(Boolean);
  }

  async function expectIdentical(audio: Float32Array, label: string, options?: DecodeOptions): Promise<Transcription> {
    const expected = await generateTokens(reference, audio, ours.vocabulary.endOfText);
    const got = await ours.transcribe(audio.slice(), options);
    expect(got.tokens, label).toEqual(expected);
    expect(got.tokenLogprobs).toHaveLength(got.tokens.length);
    expect(got.avgLogprob).toBeLessThanOrEqual(0);
    expect(got.noSpeechProb).toBeGreaterThanOrEqual(0);
    expect(got.noSpeechProb).toBeLessThanOrEqual(1);
    return got;
  }

  it('gives generate()\'s tokens and the pipeline\'s segments on every dev.tsv clip, and a correct draft costs one decoder pass', async () => {
    for (const entry of readManifest('dev.tsv')) {
      const audio = await loadAudio16k(entry.path);
      const plain = await expectIdentical(audio, entry.path);
      expect(plain.segments.map((s) => s.text), entry.path).toEqual((await referenceSegments(audio)).map((t) => t.replace(/\s+/g, ' ')));
      if (plain.tokens.length === 0) continue;
      expect(plain.decoderPasses, entry.path).toBe(plain.tokens.length + 1 - (plain.tokens.length === tokenBudget(audio.length / SAMPLE_RATE) ? 1 : 0));
      const drafted = await ours.transcribe(audio.slice(), { draft: plain.tokens });
      expect(drafted.tokens, `${entry.path} with its own tokens as draft`).toEqual(plain.tokens);
      expect(drafted.draftAccepted).toBe(plain.tokens.length);
      expect(drafted.decoderPasses).toBe(1);
      expect(drafted.text).toBe(plain.text);
      // One pass over many positions sums in another order than one pass per token: equal to rounding.
      drafted.tokenLogprobs.forEach((p, i) => expect(p).toBeCloseTo(plain.tokenLogprobs[i], 2));
    }
  });

  it('gives the same tokens with adversarial drafts: empty, all wrong, longer than the audio, a different segment split', async () => {
    const audio = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const plain = await ours.transcribe(audio.slice());
    const { timestampBegin } = ours.vocabulary;
    const text = plain.tokens.filter((t) => t < timestampBegin);
    const drafts: Record<string, number[]> = {
      empty: [],
      'all wrong': plain.tokens.map((t) => (t < timestampBegin ? (t + 7) % timestampBegin : t)),
      'longer than the audio': [...plain.tokens, ...plain.tokens, ...plain.tokens],
      'one segment, no inner timestamps': [timestampBegin, ...text, timestampBegin + 550],
      'a wrong word in the middle': plain.tokens.map((t, i) => (i === 12 ? t + 1 : t)),
    };
    for (const [name, draft] of Object.entries(drafts)) {
      const got = await expectIdentical(audio, `draft: ${name}`, { draft });
      expect(got.text, name).toBe(plain.text);
      // A bad draft costs at most one pass more than decoding without it.
      expect(got.decoderPasses, name).toBeLessThanOrEqual(plain.decoderPasses + 1);
      if (name === 'a wrong word in the middle') expect(got.draftAccepted).toBe(12);
    }
  });

  it('stops a cancelled decode before its next decoder pass, and reports when each pass ended', async () => {
    const audio = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const plain = await ours.transcribe(audio.slice());
    expect(plain.passEndsMs).toHaveLength(plain.decoderPasses);
    expect(plain.passEndsMs[0]).toBeGreaterThan(plain.encoderMs);
    for (let i = 1; i < plain.passEndsMs.length; i++) expect(plain.passEndsMs[i]).toBeGreaterThan(plain.passEndsMs[i - 1]);
    expect(plain.passEndsMs.at(-1)!).toBeLessThanOrEqual(plain.decodeMs);

    const before = newCancelFlag();
    cancelDecode(before);
    await expect(ours.transcribe(audio.slice(), { cancel: before })).rejects.toMatchObject({ name: 'DecodeCancelledError' });

    // Cancelled by the second pass's end (as the engine would, from another thread): no third pass.
    const model = reference.model as unknown as WhisperModelParts;
    const flag = newCancelFlag();
    let passes = 0;
    const counted: WhisperModelParts = {
      sessions: model.sessions,
      generation_config: model.generation_config,
      forward: async (inputs) => {
        const outputs = await model.forward(inputs);
        if (++passes === 2) cancelDecode(flag);
        return outputs;
      },
    };
    const { input_features } = (await reference.processor(audio)) as { input_features: Tensor };
    const encoded = await encode(counted, input_features);
    const prefix = decoderPrefix(ours.vocabulary, {});
    const request = { prefix, sotIndex: prefix.indexOf(ours.vocabulary.startOfTranscript), noSpeechToken: ours.vocabulary.noSpeech, maxNewTokens: tokenBudget(audio.length / SAMPLE_RATE) };
    await expect(greedyDecode(counted, encoded, { ...request, cancel: flag })).rejects.toMatchObject({ name: 'DecodeCancelledError' });
    expect(passes).toBe(2);
    // Nothing is left behind: the same model decodes the same tokens afterwards.
    expect((await greedyDecode(model, encoded, request)).tokens).toEqual(plain.tokens);
  });
});
