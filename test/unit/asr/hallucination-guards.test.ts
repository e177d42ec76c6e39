import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyGuards, compressionRatio, DEFAULT_GUARDS, guardTranscriber, loopCut } from '../../../src/inference-worker/asr/hallucination-guards';
import type { Transcription } from '../../../src/inference-worker/asr/transcriber';
import type { WhisperTranscriber } from '../../../src/inference-worker/asr/whisper-transcriber';
import { SAMPLE_RATE } from '../../../src/inference-worker/vad/speech-segmenter';
import { loadNodeWhisper, SHARED_DIR } from '../../../src/node/node-recognizer';
import { corpusRecipes } from '../../../scripts/noise-corpus/recipes';
import { scriptedTranscription } from '../../support/transcription';

const words = (text: string) => text.split(' ');

/** A decode result as the Whisper transcriber returns it: one segment per sentence given. */
function transcription(sentences: string[], stats: Partial<Transcription> = {}): Transcription {
  const segments = sentences.map((text, i) => ({ start: i, end: i + 1, text }));
  return scriptedTranscription(sentences.join(' '), sentences.length, { segments, decodeMs: 1, avgLogprob: -0.3, noSpeechProb: 0.01, decoderPasses: 1, ...stats });
}

describe('compression ratio (openai/whisper utils.compression_ratio)', () => {
  it('is UTF-8 bytes over zlib-compressed bytes, as Python zlib.compress computes them', async () => {
    for (const text of ['And so my fellow Americans, ask not what your country can do for you.', 'Thank you. '.repeat(30), 'Ünïcödé ♪ text']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(await compressionRatio(text)).toBeCloseTo(bytes.length / deflateSync(bytes).length, 9);
    }
    expect(await compressionRatio('')).toBe(0);
  });

  it('separates a sentence (below 2.4) from a loop (above it)', async () => {
    expect(await compressionRatio('unless a system is established for the frequent formal review of activities there under.')).toBeLessThan(DEFAULT_GUARDS.compressionRatioThreshold);
    expect(await compressionRatio('I am going to go back. '.repeat(8))).toBeGreaterThan(DEFAULT_GUARDS.compressionRatioThreshold);
  });
});

describe('loopCut', () => {
  it('keeps the words before a loop and its first occurrence', () => {
    expect(loopCut(words('thank you thank you thank you thank you thank you'), 3, 8)).toBe(2);
    expect(loopCut(words('I said hello, hello hello hello hello.'), 3, 8)).toBe(3);
    expect(loopCut(words('so we go on and on and on and on and on forever'), 3, 8)).toBe(5);
  });

  it('leaves repetitions that speech has alone', () => {
    expect(loopCut(words('no, no, no, I did not'), 3, 8)).toBe(6);
    expect(loopCut(words('ask not what your country can do for you ask what you can do for your country'), 3, 8)).toBe(17);
    expect(loopCut([], 3, 8)).toBe(0);
  });
});

describe('applyGuards', () => {
  it('drops a hypothesis that is probably not speech and not confidently decoded (both conditions, as openai/whisper)', async () => {
    const guarded = await applyGuards(transcription(['Thank you.'], { noSpeechProb: 0.83, avgLogprob: -1.14 }), 1.4);
    expect(guarded).toMatchObject({ text: '', segments: [], dropped: 'no-speech', noSpeechProb: 0.83 });
    // High no-speech probability alone, or low confidence alone, keeps the text.
    expect((await applyGuards(transcription(['Thank you.'], { noSpeechProb: 0.83, avgLogprob: -0.5 }), 1.4)).text).toBe('Thank you.');
    expect((await applyGuards(transcription(['Thank you.'], { noSpeechProb: 0.2, avgLogprob: -1.5 }), 1.4)).text).toBe('Thank you.');
  });

  it('cuts a loop inside the segments and keeps the text before it', async () => {
    const looped = transcription(['Then he said,', 'go go go go go go', 'go go go']);
    const guarded = await applyGuards(looped, 10);
    expect(guarded.dropped).toBeUndefined();
    expect(guarded.text).toBe('Then he said, go');
    expect(guarded.segments).toEqual([looped.segments[0], { ...looped.segments[1], text: 'go' }]);
  });

  it('keeps no more words than the audio can carry', async () => {
    const sentence = 'one two three four five six seven eight nine ten eleven twelve';
    expect((await applyGuards(transcription([sentence]), 1)).text).toBe('one two three four five six seven eight nine');
    expect((await applyGuards(transcription([sentence]), 3)).text).toBe(sentence);
  });

  it('drops text whose compression ratio stays above 2.4 once loops are cut', async () => {
    const guarded = await applyGuards(transcription(['A' + 'H'.repeat(300)]), 6);
    expect(guarded).toMatchObject({ text: '', segments: [], dropped: 'compression-ratio' });
  });
});

/**
 * The guards on the real whisper-tiny.en and files of the noise corpus (rendered here with the
 * corpus's own recipes: sox, timidity and freepats, the sound theme): on noise where the bare
 * decoder invents words, the guarded one gives none; on speech in noise it keeps every word.
 */
describe('guards on corpus files (real whisper-tiny.en)', () => {
  const NOISE = ['noise/white_-30dBFS.wav', 'noise/music_-25dBFS.wav', 'noise/ringing_-25dBFS.wav'];
  const SPEECH = ['speech/LDC93S1_fan_5dB.wav', 'speech/arctic_a0024_music-lead_5dB.wav'];
  const recipes = corpusRecipes(join(SHARED_DIR, 'audio'));
  const tmpDir = mkdtempSync(join(tmpdir(), 'sotto-guards-'));
  const audio = new Map<string, Float32Array>();
  let bare: WhisperTranscriber;

  beforeAll(async () => {
    bare = await loadNodeWhisper(undefined, 'fp32', null);
    for (const file of [...NOISE, ...SPEECH]) audio.set(file, await recipes.find((r) => r.file === file)!.render(tmpDir));
  });
  afterAll(async () => {
    await bare?.dispose();
    rmSync(tmpDir, { recursive: true, force: true });
  });

  it.each(NOISE)('%s: the bare decoder hallucinates, the guarded one gives no text and says why', async (file) => {
    const samples = audio.get(file)!;
    const raw = await bare.transcribe(samples);
    expect(raw.text).not.toBe('');
    const guarded = await applyGuards(raw, samples.length / SAMPLE_RATE);
    expect(guarded).toMatchObject({ text: '', segments: [] });
    expect(guarded.dropped).toMatch(/^(no-speech|compression-ratio)$/);
  });

  it.each(SPEECH)('%s: speech in noise at 5 dB SNR keeps all its words', async (file) => {
    const samples = audio.get(file)!;
    const raw = await bare.transcribe(samples);
    const guarded = await guardTranscriber(bare).transcribe(samples);
    expect(raw.text.split(' ').length).toBeGreaterThan(5);
    expect(guarded.dropped).toBeUndefined();
    expect(guarded.text).toBe(raw.text);
  });
});
