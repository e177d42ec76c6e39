import { languageName } from '../../inference-worker/asr/whisper-vocabulary';

/** A language as the language setting lists it. */
export interface LanguageOption {
  /** Whisper language code. */
  code: string;
  /** Name in the page's locale, e.g. "Deutsch" for `de` on a German browser. */
  name: string;
  /** English name, e.g. "German" (the same as `name` on an English browser). */
  englishName: string;
}

/**
 * The languages a model knows, named in `locale` and sorted by that name, narrowed to those
 * whose local name, English name or code contains `query` (case- and accent-insensitive).
 * @param codes the model's Whisper language codes (`generation_config.lang_to_id`)
 * @param query the search text; blank: all
 * @param locale BCP 47 locale of the page, e.g. `navigator.language`
 */
export function languageOptions(codes: readonly string[], query: string, locale: string): LanguageOption[] {
  const needle = fold(query.trim());
  return codes
    .map((code) => ({ code, name: languageName(code, locale), englishName: languageName(code) }))
    .filter((option) => !needle || [option.name, option.englishName, option.code].some((text) => fold(text).includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** Lower case without diacritics: "Māori" and "maori" match. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
