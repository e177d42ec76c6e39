import { beforeAll, describe, expect, it } from 'vitest';
import type { AutomaticSpeechRecognitionPipeline, Tensor } from '@huggingface/transformers';
import { loadAudio16k } from '../../../src/audio-file/read-wav-file';
import { decoderPrefix, promptTokens } from '../../../src/inference-worker/asr/decoder-prompt';
import { startOfTranscriptLogits } from '../../../src/inference-worker/asr/language-detection';
import { encode, type WhisperModelParts } from '../../../src/inference-worker/asr/whisper-decoder';
import type { WhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import { SAMPLE_RATE } from '../../../src/inference-worker/vad/speech-segmenter';
import { loadNodeWhisper } from '../../../src/node/node-recognizer';
import { sharedAudio } from '../../support/shared-data';
import { generateTokens, loadReferenceWhisper } from '../../support/reference-whisper';

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
    reference = await loadReferenceWhisper();
  });

  it('a prompt gives generate()\'s tokens for the same prefix, and its text never reaches the transcript', async () => {
    const jfk = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    const audio = jfk.slice(Math.round(3.4 * SAMPLE_RATE)); // "ask not what your country can do for you, ..."
    const prompt = { vocabulary: 'Kennedy', context: 'And so my fellow Americans,' };
    const prefix = decoderPrefix(ours.vocabulary, { promptTokens: promptTokens(encodeText, prompt) });
    const got = await ours.transcribe(audio.slice(), { prompt });
    expect(got.tokens).toEqual(await generateTokens(reference, audio, ours.vocabulary.endOfText, prefix));
    expect(got.text).toMatch(/^ask not what your country can do for you/i);
    expect(got.text).not.toMatch(/Kennedy|Americans/);
    const unprompted = await ours.transcribe(audio.slice());
    expect(unprompted.tokens).toEqual(await generateTokens(reference, audio, ours.vocabulary.endOfText, decoderPrefix(ours.vocabulary)));
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
