import type { EngineEvent } from '../inference-worker/protocol';

/** How the finals of one file match the language its manifest gives. */
export interface LanguageCheck {
  /** The manifest's Whisper language code. */
  expected: string;
  /** Finals with words. */
  finals: number;
  /** Of them, those decoded in `expected`. */
  matching: number;
  /** Each language the finals were decoded in, with its count, e.g. `de ×3, nl ×1`; `none` for English-only models. */
  detected: string;
}

/**
 * Checks the language of a file's finals (`FinalEvent.language`) against the manifest's: a
 * multilingual model's language detection, sticky session language included, end to end.
 * Finals without words (silence, dropped hypotheses) are not counted.
 */
export function checkLanguages(events: readonly EngineEvent[], expected: string): LanguageCheck {
  const languages = events.flatMap((event) => (event.type === 'final' && event.text.trim() ? [event.language ?? 'none'] : []));
  const counts = new Map<string, number>();
  for (const language of languages) counts.set(language, (counts.get(language) ?? 0) + 1);
  return {
    expected,
    finals: languages.length,
    matching: languages.filter((language) => language === expected).length,
    detected: [...counts].map(([language, count]) => `${language} ×${count}`).join(', '),
  };
}
