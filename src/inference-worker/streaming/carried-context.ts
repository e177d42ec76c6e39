import { carriedText } from '../asr/decoder-prompt';
import { AUTO_LANGUAGE, type DecodingSettings } from '../asr/decoding-settings';
import { CONFIDENT_LANGUAGE_PROBABILITY } from '../asr/language-detection';
import type { DecodeOptions, Transcriber, Transcription, TranscriptSegment } from '../asr/transcriber';
import { joinWords, splitWords, wordKey } from '../text/words';
import { SAMPLE_RATE } from '../vad/speech-segmenter';

/** Audio of the previous utterance the `context` strategy prepends, seconds (the server design's "last ~1 s"). */
export const CONTEXT_AUDIO_SECONDS = 1;

/**
 * Segments ending at most this far past the prepended context still count as the context's
 * (Whisper's timestamps come in 0.02 s steps and often close a segment a little late), seconds.
 */
const CONTEXT_END_TOLERANCE_SECONDS = 0.1;

/** Where the audio of one decode lies in its utterance. */
export interface DecodePlace {
  /** Whether the audio starts at the utterance's start: only then does previous audio belong before it. */
  atUtteranceStart: boolean;
}

/**
 * What a capture session carries from one utterance into the decodes of the next, under the
 * {@link DecodingSettings}: the language (given, or detected and held once confident), the
 * task, the previous-text prompt (custom vocabulary, then the last finals' text for the
 * `prompt` and `hybrid` strategies), and for `context` and `hybrid` the last
 * {@link CONTEXT_AUDIO_SECONDS} of the previous utterance's audio, prepended to every decode
 * that starts at the next utterance's start. The prepended audio's words are dropped from the
 * result: whole segments that end within it (by their timestamps), and in the segment that
 * straddles its end the leading words that repeat the previous final's last words; the
 * remaining timestamps are shifted back to the utterance's own audio.
 *
 * A prepended decode gets no draft: the draft's timestamps are relative to the utterance's
 * audio, not to the longer input (draft verification is lossless, so only its speed-up is lost).
 */
export class CarriedContext {
  private finals: string[] = [];
  private previousWords: string[] = [];
  private previousTail: Float32Array | null = null;
  private heldLanguage: string | null = null;

  /**
   * Decodes `audio` (16 kHz mono, part of the current utterance) with what is carried.
   * @param options the engine's own decode options (its draft, dropped when audio is prepended; its cancel flag)
   * @returns the transcription of `audio` alone, timestamps relative to its start
   * @throws whatever `transcriber.transcribe` throws
   */
  async transcribe(transcriber: Transcriber, audio: Float32Array, place: DecodePlace, settings: DecodingSettings, options: DecodeOptions = {}): Promise<Transcription> {
    const strategy = settings.contextStrategy;
    const carryText = (strategy === 'prompt' || strategy === 'hybrid') && this.finals.length > 0;
    const tail = (strategy === 'context' || strategy === 'hybrid') && place.atUtteranceStart ? this.previousTail : null;
    const prompt = { vocabulary: settings.customVocabulary, context: carryText ? carriedText(this.finals) : '' };
    const { draft, ...rest } = options;
    const request: DecodeOptions = {
      ...rest,
      ...(tail || !draft ? {} : { draft }),
      task: settings.task,
      ...(settings.language === AUTO_LANGUAGE ? { heldLanguage: this.heldLanguage } : { language: settings.language }),
      ...(prompt.vocabulary.trim() || prompt.context ? { prompt } : {}),
    };
    const input = tail ? concat(tail, audio) : audio;
    const result = await transcriber.transcribe(input, request);
    if (result.language && (result.languageProbability ?? 0) >= CONFIDENT_LANGUAGE_PROBABILITY) this.heldLanguage = result.language;
    return tail ? this.withoutContext(result, tail.length / SAMPLE_RATE) : result;
  }

  /**
   * Records an utterance's final: its text is carried as prompt, its last second of audio as
   * context. A final without words (silence, noise, a dropped hypothesis) carries nothing
   * new and clears the audio context, so noise is never prepended.
   * @param audio the utterance's audio as its final decoded it
   */
  finalized(text: string, audio: Float32Array): void {
    const words = splitWords(text);
    if (words.length === 0) {
      this.previousTail = null;
      this.previousWords = [];
      return;
    }
    this.finals = [carriedText([...this.finals, text])];
    this.previousWords = words;
    this.previousTail = audio.slice(Math.max(0, audio.length - CONTEXT_AUDIO_SECONDS * SAMPLE_RATE));
  }

  /** Forgets everything carried: a new capture session starts afresh (language detection included). */
  reset(): void {
    this.finals = [];
    this.previousWords = [];
    this.previousTail = null;
    this.heldLanguage = null;
  }

  /** The result of a decode of `[context, audio]` as the result of `audio`: the context's words dropped, timestamps shifted. */
  private withoutContext(result: Transcription, contextSeconds: number): Transcription {
    const segments: TranscriptSegment[] = [];
    for (const segment of result.segments) {
      if (segment.end <= contextSeconds + CONTEXT_END_TOLERANCE_SECONDS) continue;
      let text = segment.text;
      if (segment.start < contextSeconds) {
        const words = splitWords(text);
        text = joinWords(words.slice(repeatedPrefix(this.previousWords, words)));
      }
      if (!text) continue;
      segments.push({ start: Math.max(0, segment.start - contextSeconds), end: segment.end - contextSeconds, text });
    }
    return { ...result, segments, text: segments.map((s) => s.text).join(' ') };
  }
}

/** The most leading words of `words` that repeat the last words of `previous` (compared by `wordKey`). */
function repeatedPrefix(previous: readonly string[], words: readonly string[]): number {
  for (let n = Math.min(previous.length, words.length); n > 0; n--) {
    const tail = previous.slice(previous.length - n);
    if (tail.every((word, i) => wordKey(word) === wordKey(words[i]))) return n;
  }
  return 0;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
