import { beforeAll, describe, expect, it } from 'vitest';
import { loadAudio16k } from '../../src/audio-file/read-wav-file';
import { DEFAULT_DECODING_SETTINGS, type ContextStrategy, type DecodingSettings } from '../../src/inference-worker/asr/decoding-settings';
import type { DecodeOptions, Transcriber, Transcription } from '../../src/inference-worker/asr/transcriber';
import type { WhisperTranscriber } from '../../src/inference-worker/asr/whisper-transcriber';
import { CarriedContext, CONTEXT_AUDIO_SECONDS } from '../../src/inference-worker/streaming/carried-context';
import { SAMPLE_RATE } from '../../src/inference-worker/vad/speech-segmenter';
import { loadNodeWhisper } from '../../src/node/node-recognizer';
import { sharedAudio } from '../support/shared-data';

/**
 * Context carried between utterances, on the real whisper-tiny.en and JFK's sentence cut at
 * its pauses as the VAD cuts it (rms: speech to 2.0 s, from 3.3 s, pause 4.3-5.4 s).
 */
const PIECES = [
  [0, 2.3], // "And so my fellow Americans"
  [3.0, 4.6], // "ask not"
  [5.1, 11.0], // "what your country can do for you, ask what you can do for your country."
] as const;

describe('CarriedContext (whisper-tiny.en, jfk.wav in three utterances)', () => {
  let whisper: WhisperTranscriber;
  let pieces: Float32Array[];
  /** Every decode the transcriber saw: its input length and options. */
  const seen: { seconds: number; options: DecodeOptions | undefined; result?: Transcription }[] = [];
  let recording: Transcriber;

  beforeAll(async () => {
    whisper = await loadNodeWhisper();
    const jfk = await loadAudio16k(sharedAudio('dev/jfk.wav'));
    pieces = PIECES.map(([start, end]) => jfk.slice(Math.round(start * SAMPLE_RATE), Math.round(end * SAMPLE_RATE)));
    recording = {
      transcribe: async (audio, options) => {
        const record: (typeof seen)[number] = { seconds: audio.length / SAMPLE_RATE, options };
        seen.push(record);
        record.result = await whisper.transcribe(audio, options);
        return record.result;
      },
    };
  });

  /** Finals of the three pieces under a strategy, each decoded as the engine's final decode. */
  async function finals(contextStrategy: ContextStrategy, customVocabulary = ''): Promise<Transcription[]> {
    const settings: DecodingSettings = { ...DEFAULT_DECODING_SETTINGS, contextStrategy, customVocabulary };
    const context = new CarriedContext();
    const results: Transcription[] = [];
    seen.length = 0;
    for (const audio of pieces) {
      const result = await context.transcribe(recording, audio, { atUtteranceStart: true }, settings);
      context.finalized(result.text, audio);
      results.push(result);
    }
    return results;
  }

  it('none: every decode exactly as without the context (same tokens, no prompt, no added audio)', async () => {
    const results = await finals('none');
    for (const [i, audio] of pieces.entries()) {
      const plain = await whisper.transcribe(audio.slice());
      expect(results[i].tokens).toEqual(plain.tokens);
      expect(results[i].text).toBe(plain.text);
    }
    expect(seen.every((s) => s.options?.prompt === undefined)).toBe(true);
  });

  it('prompt: the later utterances get the earlier finals as prompt, and their text stays their own', async () => {
    const results = await finals('prompt');
    expect(seen.map((s) => s.options?.prompt?.context ?? '')).toEqual(['', results[0].text, `${results[0].text} ${results[1].text}`]);
    expect(results[1].text).toMatch(/^ask not/i);
    expect(results[2].text).toMatch(/^what your country can do for you/i);
    expect(results[2].text).not.toMatch(/Americans/);
  });

  it('context: one second of the previous utterance goes before the next; its words and time are taken out again', async () => {
    const results = await finals('context');
    expect(seen.map((s) => s.seconds)).toEqual([pieces[0].length / SAMPLE_RATE, ...pieces.slice(1).map((p) => p.length / SAMPLE_RATE + CONTEXT_AUDIO_SECONDS)]);
    expect(results[1].text).toMatch(/^ask not\b/i);
    expect(results[2].text).toMatch(/^what your country can do for you/i);
    for (const [i, result] of [...results.entries()].slice(1)) {
      // What Whisper heard, [previous second | utterance]: the kept segments, shifted back by 1 s.
      const heard = seen[i].result!.segments;
      expect(heard.length).toBeGreaterThanOrEqual(result.segments.length);
      const kept = heard.slice(heard.length - result.segments.length);
      expect(result.segments.map((s) => [s.start, s.end])).toEqual(kept.map((h) => [Math.max(0, h.start - CONTEXT_AUDIO_SECONDS), h.end - CONTEXT_AUDIO_SECONDS]));
      expect(result.segments.every((s) => s.start >= 0)).toBe(true);
    }
  });

  it('a custom vocabulary is a prompt under every strategy, ahead of the carried text', async () => {
    await finals('none', 'Kennedy, Americans');
    expect(seen.map((s) => s.options?.prompt)).toEqual(pieces.map(() => ({ vocabulary: 'Kennedy, Americans', context: '' })));
    const results = await finals('hybrid', 'Kennedy');
    expect(seen[2].options?.prompt).toEqual({ vocabulary: 'Kennedy', context: `${results[0].text} ${results[1].text}` });
  });

  it('a final without words carries no audio; reset forgets the finals', async () => {
    const context = new CarriedContext();
    const settings: DecodingSettings = { ...DEFAULT_DECODING_SETTINGS, contextStrategy: 'hybrid' };
    seen.length = 0;
    context.finalized('', pieces[0]);
    await context.transcribe(recording, pieces[1], { atUtteranceStart: true }, settings);
    context.finalized('And so my fellow Americans', pieces[0]);
    context.reset();
    await context.transcribe(recording, pieces[1], { atUtteranceStart: true }, settings);
    expect(seen.map((s) => [s.seconds, s.options?.prompt])).toEqual([
      [pieces[1].length / SAMPLE_RATE, undefined],
      [pieces[1].length / SAMPLE_RATE, undefined],
    ]);
  });

  it('a window that starts inside the utterance gets no audio before it, and a prepended decode no draft', async () => {
    const context = new CarriedContext();
    const settings: DecodingSettings = { ...DEFAULT_DECODING_SETTINGS, contextStrategy: 'context' };
    context.finalized('And so my fellow Americans', pieces[0]);
    seen.length = 0;
    const draft = [50363];
    await context.transcribe(recording, pieces[1], { atUtteranceStart: false }, settings, { draft });
    await context.transcribe(recording, pieces[1], { atUtteranceStart: true }, settings, { draft });
    expect(seen.map((s) => [s.seconds, s.options?.draft])).toEqual([
      [pieces[1].length / SAMPLE_RATE, draft],
      [pieces[1].length / SAMPLE_RATE + CONTEXT_AUDIO_SECONDS, undefined],
    ]);
  });
});
