import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type AutomaticSpeechRecognitionPipeline, type Tensor } from '@huggingface/transformers';
import { loadAudio16k } from '../../../src/audio-file/read-wav-file';
import { decoderPrefix, promptTokens } from '../../../src/inference-worker/asr/decoder-prompt';
import { startOfTranscriptLogits } from '../../../src/inference-worker/asr/language-detection';
import { encode, type WhisperModelParts } from '../../../src/inference-worker/asr/whisper-decoder';
import { tokenBudget, type WhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import { SAMPLE_RATE } from '../../../src/inference-worker/vad/speech-segmenter';
import { loadNodeWhisper } from '../../../src/node/node-recognizer';
import { sharedAudio } from '../../support/shared-data';

/**
 * Decodes with a previous-text prompt and the start-of-transcript pass of language detection,
 * on the real whisper-tiny.en and real speech, against transformers.js's own `generate()` given
 * the same decoder prefix.
 */
describe('prompted decoding and the start-of-transcript pass (whisper-tiny.en)', () => {
  let ours: WhisperTranscriber;
  let reference: AutomaticSpeechRecognitionPipeline;
  const encodeText = (text: string) => reference.tokenizer.encode(text, { add_special_tokens: false });

  beforeAll(async () => {
    ours = await loadNodeWhisper(undefined, 'fp32', null);
    reference = (await pipeline('automatic-speech-recognition', 'whisper-tiny.en', { device: 'cpu', dtype: 'fp32' })) as AutomaticSpeechRecognitionPipeline;
  });

  /** transformers.js's greedy tokens after `prefix` (its `decoder_input_ids`), end-of-text dropped. */
  async function referenceTokens(audio: Float32Array, prefix: number[]): Promise<number[]> {
    const { input_features } = (await reference.processor(audio)) as { input_features: Tensor };
    const sequences = (await reference.model.generate({
      inputs: input_features,
      decoder_input_ids: prefix,
      return_timestamps: true,
      max_new_tokens: tokenBudget(audio.length / SAMPLE_RATE),
    } as never)) as Tensor;
    return (sequences.tolist()[0] as bigint[]).map(Number).slice(prefix.length).filter((t) => t !== ours.vocabulary.endOfText);
  }

  it('a prompt gives generate()\'s tokens for the same prefix, and its text never reaches the transcript', async () => {
    const jfk = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const audio = jfk.slice(Math.round(3.4 * SAMPLE_RATE)); // "ask not what your country can do for you, ..."
    const prompt = { vocabulary: 'Kennedy', context: 'And so my fellow Americans,' };
    const prefix = decoderPrefix(ours.vocabulary, { promptTokens: promptTokens(encodeText, prompt) });
    const got = await ours.transcribe(audio.slice(), { prompt });
    expect(got.tokens).toEqual(await referenceTokens(audio, prefix));
    expect(got.text).toMatch(/^ask not what your country can do for you/i);
    expect(got.text).not.toMatch(/Kennedy|Americans/);
    const unprompted = await ours.transcribe(audio.slice());
    expect(unprompted.tokens).toEqual(await referenceTokens(audio, decoderPrefix(ours.vocabulary)));
    expect(got.tokens).not.toEqual(unprompted.tokens); // the prompt reached the decoder (here: capitalization at least)
  });

  it('the start-of-transcript pass gives the logits the decode reads its no-speech probability from', async () => {
    const model = (reference.model as unknown) as WhisperModelParts;
    for (const file of ['dev/jfk.wav', 'dev/alsa_noise_48k.wav']) {
      const audio = await loadAudio16k(sharedAudio(file));
      const { input_features } = (await reference.processor(audio)) as { input_features: Tensor };
      const logits = await startOfTranscriptLogits(model, await encode(model, input_features), ours.vocabulary);
      expect(logits).toHaveLength(51864);
      const max = Math.max(...logits);
      const total = logits.reduce((sum, value) => sum + Math.exp(value - max), 0);
      const noSpeech = Math.exp(logits[ours.vocabulary.noSpeech] - max) / total;
      const decoded = await ours.transcribe(audio.slice());
      expect(noSpeech, file).toBeCloseTo(decoded.noSpeechProb, 5);
    }
  });
});
