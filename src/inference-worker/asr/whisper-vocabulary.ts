/**
 * The special tokens of a Whisper model, read from its tokenizer and `generation_config.json`.
 *
 * Whisper's vocabularies differ by model: English-only models (`*.en`) put end-of-text at
 * 50256 and start-of-transcript at 50257; the multilingual ones one higher, followed by 99
 * language tokens (large-v3 and turbo: 100, `<|yue|>` added, so every special token after the
 * languages is one higher again, and `<|nocaptions|>` is named `<|nospeech|>`). Reading the ids
 * from the model's own files, never from constants, keeps one decoding loop right for all of
 * them (openai/whisper `tokenizer.py`, Hugging Face `WhisperTokenizer`).
 */

/** Looks a token's text up in the model's tokenizer (transformers.js `PreTrainedTokenizer.convert_tokens_to_ids`). */
export type TokenLookup = (token: string) => number | null | undefined;

/** The fields of a Whisper `generation_config.json` (or transformers.js's `model.generation_config`) read here. */
export interface WhisperGenerationConfig {
  is_multilingual?: boolean;
  /** Language token text → id, e.g. `{"<|de|>": 50261}`; absent for English-only models. */
  lang_to_id?: Record<string, number>;
  /** `{transcribe, translate}` → id; absent for English-only models. */
  task_to_id?: Record<string, number>;
  decoder_start_token_id: number;
  eos_token_id: number;
  no_timestamps_token_id: number;
  /** `<|startofprev|>`; only newer exports (turbo) list it. */
  prev_sot_token_id?: number;
}

/** A language the model can be told to speak or detect. */
export interface WhisperLanguage {
  /** Whisper's code: ISO 639-1 mostly, `haw`, `yue` and Whisper's own `jw` for Javanese. */
  code: string;
  /** Id of the token `<|code|>`. */
  token: number;
}

export interface WhisperVocabulary {
  /** Whether the model has language and task tokens (false for `*.en` models). */
  multilingual: boolean;
  endOfText: number;
  startOfTranscript: number;
  /** `<|startofprev|>`: opens the previous-text prompt before the start-of-transcript. */
  startOfPrev: number;
  /** `<|nospeech|>` (large-v3, turbo) or `<|nocaptions|>` (older models): its probability is the no-speech probability. */
  noSpeech: number;
  noTimestamps: number;
  /** `<|0.00|>`; timestamp token `timestampBegin + k` is k × 0.02 s. */
  timestampBegin: number;
  transcribe: number;
  translate: number;
  /** The languages of `generation_config.lang_to_id`, in token order (Whisper's language order); empty for English-only models. */
  languages: readonly WhisperLanguage[];
}

/**
 * Reads a Whisper model's special token ids from its tokenizer and generation config, and
 * checks that the two agree.
 * @param lookup token text → id in the model's tokenizer
 * @param config the model's generation config
 * @throws Error naming the token when the tokenizer lacks a special token, or when the
 *   generation config gives another id for it than the tokenizer
 */
export function whisperVocabulary(lookup: TokenLookup, config: WhisperGenerationConfig): WhisperVocabulary {
  const id = (token: string, expected?: number): number => {
    const found = lookup(token);
    if (found === null || found === undefined) throw new Error(`The Whisper tokenizer has no ${token} token.`);
    if (expected !== undefined && expected !== found) {
      throw new Error(`The Whisper tokenizer gives ${token} id ${found}, its generation config ${expected}.`);
    }
    return found;
  };
  const languages = Object.entries(config.lang_to_id ?? {})
    .map(([token, expected]) => ({ code: languageCode(token), token: id(token, expected) }))
    .sort((a, b) => a.token - b.token);
  const noTimestamps = id('<|notimestamps|>', config.no_timestamps_token_id);
  const timestampBegin = noTimestamps + 1;
  const zero = lookup('<|0.00|>');
  if (zero !== null && zero !== undefined && zero !== timestampBegin) {
    throw new Error(`The Whisper tokenizer gives <|0.00|> id ${zero}, not the one after <|notimestamps|> (${timestampBegin}).`);
  }
  return {
    multilingual: config.is_multilingual ?? languages.length > 0,
    endOfText: id('<|endoftext|>', config.eos_token_id),
    startOfTranscript: id('<|startoftranscript|>', config.decoder_start_token_id),
    startOfPrev: id('<|startofprev|>', config.prev_sot_token_id),
    noSpeech: lookup('<|nospeech|>') ?? id('<|nocaptions|>'),
    noTimestamps,
    timestampBegin,
    transcribe: id('<|transcribe|>', config.task_to_id?.transcribe),
    translate: id('<|translate|>', config.task_to_id?.translate),
    languages,
  };
}

function languageCode(token: string): string {
  const match = /^<\|([a-z]+)\|>$/.exec(token);
  if (!match) throw new Error(`"${token}" in generation_config.lang_to_id is not a language token.`);
  return match[1];
}

/** The language token of `code` (`de` → id of `<|de|>`), or undefined when the model lacks it. */
export function languageToken(vocabulary: WhisperVocabulary, code: string): number | undefined {
  return vocabulary.languages.find((language) => language.code === code)?.token;
}

/**
 * A language's name in `locale` from the browser's or Node's ICU data (`Intl.DisplayNames`):
 * `de` → "German", with locale `de` "Deutsch". ICU knows every Whisper code, Whisper's
 * non-standard `jw` (Javanese) included; the code itself is returned where it would not.
 * (transformers.js's own code → name table is not part of its public exports and lacks `yue`.)
 */
export function languageName(code: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(code) ?? code;
  } catch {
    return code;
  }
}
