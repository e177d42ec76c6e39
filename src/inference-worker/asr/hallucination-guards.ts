/**
 * Hallucination guards: checks that keep Whisper's inventions on non-speech ("Thank you.",
 * a phrase repeated until the context is full) out of partial and final hypotheses. They wrap
 * any {@link Transcriber} ({@link guardTranscriber}), so the streaming engine applies them to
 * every decode without knowing about them.
 */
import { joinWords, splitWords, wordKey } from '../text/words';
import type { DecodeOptions, Transcriber, Transcription, TranscriptSegment } from './transcriber';
import { SAMPLE_RATE } from '../vad/speech-segmenter';

/** Why a guard dropped a hypothesis (the `dropped` field of a {@link Transcription}). */
export type DropReason = 'no-speech' | 'compression-ratio';

/** Thresholds of the guards. Sources and measurements: `docs/benchmarks.md`, "Hallucination guards". */
export interface GuardSettings {
  /**
   * A hypothesis is dropped when its no-speech probability is above this AND its average
   * log-probability is below {@link logprobThreshold} (openai/whisper `transcribe`:
   * `no_speech_threshold` 0.6).
   */
  noSpeechThreshold: number;
  /** openai/whisper `transcribe`'s `logprob_threshold`, -1.0 (natural log, per token). */
  logprobThreshold: number;
  /**
   * A hypothesis whose text's compression ratio ({@link compressionRatio})
   * is above this is dropped (openai/whisper `transcribe`: `compression_ratio_threshold` 2.4).
   */
  compressionRatioThreshold: number;
  /**
   * A word n-gram (n = 1..{@link maxLoopWords}) that follows itself more than this many times
   * in a row is a loop: the text keeps the words before the loop and its first occurrence.
   */
  maxConsecutiveRepeats: number;
  /** Longest repeated unit looked for, words. */
  maxLoopWords: number;
  /**
   * Words the audio can carry: at most `wordsBase + wordsPerSecond × seconds` words are kept
   * (Moonshine's tokens-per-second cap on generation, applied to words).
   */
  wordsBase: number;
  wordsPerSecond: number;
}

/** Default thresholds; see {@link GuardSettings} for each one's source. */
export const DEFAULT_GUARDS: GuardSettings = {
  noSpeechThreshold: 0.6,
  logprobThreshold: -1.0,
  compressionRatioThreshold: 2.4,
  maxConsecutiveRepeats: 3,
  maxLoopWords: 8,
  wordsBase: 3,
  wordsPerSecond: 6,
};

/**
 * Compression ratio of a text as openai/whisper computes it (`utils.compression_ratio`:
 * UTF-8 length over `zlib.compress` length). Uses the platform's `CompressionStream('deflate')`,
 * the same zlib format as Python's `zlib.compress` (browsers, Web Workers and Node 18+).
 * @returns bytes / compressed bytes; 0 for empty text
 */
export async function compressionRatio(text: string): Promise<number> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length === 0) return 0;
  const compressed = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
  return bytes.length / compressed.byteLength;
}

/**
 * Where a repetition loop starts: the index of the first word after the first occurrence of a
 * unit of 1..`maxLoopWords` words that follows itself more than `maxConsecutiveRepeats` times
 * in a row (e.g. "thank you thank you thank you thank you" with limit 3 cuts at 2).
 * Words are compared by {@link wordKey} (case and punctuation ignored).
 * @returns the number of words to keep, or `words.length` when there is no loop
 */
export function loopCut(words: readonly string[], maxConsecutiveRepeats: number, maxLoopWords: number): number {
  const keys = words.map(wordKey);
  for (let start = 0; start < keys.length; start++) {
    for (let n = 1; n <= maxLoopWords && start + n * (maxConsecutiveRepeats + 1) <= keys.length; n++) {
      let repeats = 1;
      while (start + (repeats + 1) * n <= keys.length && sameRun(keys, start, start + repeats * n, n)) repeats++;
      if (repeats > maxConsecutiveRepeats) return start + n;
    }
  }
  return keys.length;
}

function sameRun(keys: readonly string[], a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (keys[a + i] !== keys[b + i]) return false;
  return true;
}

/** The first `keep` words of the segments, the last kept segment cut inside when needed. */
function keepWords(segments: readonly TranscriptSegment[], keep: number): TranscriptSegment[] {
  const kept: TranscriptSegment[] = [];
  let left = keep;
  for (const segment of segments) {
    if (left <= 0) break;
    const words = splitWords(segment.text);
    kept.push(words.length <= left ? segment : { ...segment, text: joinWords(words.slice(0, left)) });
    left -= words.length;
  }
  return kept;
}

/**
 * Applies the guards to one decode of `seconds` of audio:
 * 1. no-speech: `noSpeechProb > noSpeechThreshold` and `avgLogprob < logprobThreshold` drops
 *    the text (reason `no-speech`);
 * 2. repetition: a loop ({@link loopCut}) or more words than `wordsBase + wordsPerSecond ×
 *    seconds` cuts the text to the words before it;
 * 3. compression ratio of what is left above `compressionRatioThreshold` drops the text
 *    (reason `compression-ratio`).
 * Non-speech annotations are already stripped by the transcriber (`stripNonSpeech`).
 * A dropped hypothesis keeps its decode statistics, with empty text and segments.
 */
export async function applyGuards(result: Transcription, seconds: number, settings: GuardSettings = DEFAULT_GUARDS): Promise<Transcription> {
  if (!result.text) return result;
  const drop = (dropped: DropReason): Transcription => ({ ...result, text: '', segments: [], dropped });
  if (result.noSpeechProb > settings.noSpeechThreshold && result.avgLogprob < settings.logprobThreshold) return drop('no-speech');
  const words = splitWords(result.text);
  const keep = Math.min(loopCut(words, settings.maxConsecutiveRepeats, settings.maxLoopWords), Math.floor(settings.wordsBase + settings.wordsPerSecond * seconds));
  const guarded = keep < words.length ? { ...result, text: joinWords(words.slice(0, keep)), segments: keepWords(result.segments, keep) } : result;
  if ((await compressionRatio(guarded.text)) > settings.compressionRatioThreshold) return drop('compression-ratio');
  return guarded;
}

/**
 * Wraps a {@link Transcriber} so that every decode (partial or final) passes
 * {@link applyGuards}. `audio` is 16 kHz mono, as for any Transcriber.
 */
export function guardTranscriber(inner: Transcriber, settings: GuardSettings = DEFAULT_GUARDS): Transcriber {
  return {
    async transcribe(audio: Float32Array, options?: DecodeOptions) {
      // Measured before the call: a worker-backed transcriber may transfer (detach) the buffer.
      const seconds = audio.length / SAMPLE_RATE;
      return applyGuards(await inner.transcribe(audio, options), seconds, settings);
    },
  };
}
