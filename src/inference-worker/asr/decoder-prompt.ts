import { joinWords, splitWords } from '../text/words';
import { languageToken, type WhisperVocabulary } from './whisper-vocabulary';

/** Whisper's task token: `transcribe` keeps the spoken language, `translate` writes English. */
export type WhisperTask = 'transcribe' | 'translate';

/** Text tokens of Whisper's decoder context (`n_text_ctx`, config `max_target_positions`: 448 in every Whisper size). */
const TEXT_CONTEXT = 448;

/**
 * The most previous-text tokens a decode may be given: `n_text_ctx // 2 - 1` = 223
 * (openai/whisper `DecodingTask._get_initial_tokens`), so that the prompt takes at most half
 * the context and generation keeps the other half.
 */
export const MAX_PROMPT_TOKENS = Math.floor(TEXT_CONTEXT / 2) - 1;

export interface PrefixOptions {
  /**
   * Whisper language code (`de`, `yue`...) of the utterance; multilingual models only, and
   * required there (detect it first, see `language-detection.ts`). Ignored for English-only models.
   */
  language?: string;
  /** Default `transcribe`. Multilingual models only. */
  task?: WhisperTask;
  /** Previous-text prompt (see {@link promptTokens}), at most {@link MAX_PROMPT_TOKENS}; none when empty or absent. */
  promptTokens?: readonly number[];
}

/**
 * The tokens the decoder is fed before it generates (openai/whisper `_get_initial_tokens`):
 * `[<|startofprev|>, ...promptTokens]` when there is a prompt, then `<|startoftranscript|>`,
 * and for multilingual models `<|language|>` and `<|task|>`. Timestamps stay on (no
 * `<|notimestamps|>`): the streaming engine trims windows at segment boundaries.
 * The no-speech probability is read at the `<|startoftranscript|>` position, index
 * `prefix.indexOf(vocabulary.startOfTranscript)`.
 * @throws Error when a multilingual model gets no language or one it lacks, or when the
 *   prompt is longer than {@link MAX_PROMPT_TOKENS}
 */
export function decoderPrefix(vocabulary: WhisperVocabulary, options: PrefixOptions = {}): number[] {
  const prompt = options.promptTokens ?? [];
  if (prompt.length > MAX_PROMPT_TOKENS) {
    throw new Error(`A Whisper prompt holds at most ${MAX_PROMPT_TOKENS} tokens; this one has ${prompt.length}.`);
  }
  const prefix = prompt.length > 0 ? [vocabulary.startOfPrev, ...prompt, vocabulary.startOfTranscript] : [vocabulary.startOfTranscript];
  if (!vocabulary.multilingual) return prefix;
  if (options.language === undefined) throw new Error('A multilingual Whisper model needs a language: detect it first.');
  const language = languageToken(vocabulary, options.language);
  if (language === undefined) throw new Error(`This Whisper model does not know the language "${options.language}".`);
  return [...prefix, language, options.task === 'translate' ? vocabulary.translate : vocabulary.transcribe];
}

/** Encodes text into the model's text tokens, no special tokens (transformers.js `tokenizer.encode(text, { add_special_tokens: false })`). */
export type EncodeText = (text: string) => number[];

/**
 * The previous-text prompt: the custom vocabulary (names and terms, a static prompt) ahead of
 * the carried context (text of the last finals), each encoded with a leading space as
 * openai/whisper encodes `initial_prompt` (`" " + prompt.strip()`). Where the two exceed
 * {@link MAX_PROMPT_TOKENS}, the carried context loses its oldest tokens first (openai/whisper
 * keeps the last tokens); the vocabulary keeps its first {@link MAX_PROMPT_TOKENS} tokens.
 * @returns text tokens (no `<|startofprev|>`), empty when both texts are blank
 */
export function promptTokens(encode: EncodeText, { vocabulary = '', context = '' }: { vocabulary?: string; context?: string }): number[] {
  const encodeTrimmed = (text: string) => (text.trim() ? encode(' ' + text.trim()) : []);
  const fixed = encodeTrimmed(vocabulary).slice(0, MAX_PROMPT_TOKENS);
  const room = MAX_PROMPT_TOKENS - fixed.length;
  const carried = room > 0 ? encodeTrimmed(context).slice(-room) : [];
  return [...fixed, ...carried];
}

/** Characters of carried text the `prompt` strategy keeps (whisper_streaming `OnlineASRProcessor.prompt`: "200 characters prompt size"). */
export const CARRIED_TEXT_CHARS = 200;

/**
 * The last words of the finals so far, as whisper_streaming builds its prompt: whole words
 * from the end until they reach {@link CARRIED_TEXT_CHARS} characters (each counted with one
 * separating space; the word that crosses the limit is kept).
 * @param finals texts of the finals in order
 */
export function carriedText(finals: readonly string[]): string {
  const words = finals.flatMap(splitWords);
  let start = words.length;
  let length = 0;
  while (start > 0 && length < CARRIED_TEXT_CHARS) {
    start -= 1;
    length += words[start].length + 1;
  }
  return joinWords(words.slice(start));
}
