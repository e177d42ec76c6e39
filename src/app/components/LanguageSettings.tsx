import { useState } from 'preact/hooks';
import { AUTO_LANGUAGE, CONTEXT_STRATEGIES, translatesToEnglish, translatingModelFor, type ContextStrategy, type DecodingSettings } from '../../inference-worker/asr/decoding-settings';
import { MODEL_CATALOG, type Device, type GpuFeatures } from '../../inference-worker/asr/model-catalog';
import { languageName } from '../../inference-worker/asr/whisper-vocabulary';
import { languageOptions } from '../settings/language-options';
import { SearchInput } from './SearchInput';

interface LanguageSettingsProps {
  settings: DecodingSettings;
  onChange(patch: Partial<DecodingSettings>): void;
  /** The model in use; null while unknown. */
  modelId: string | null;
  /** Language codes of the loaded model (`generation_config.lang_to_id`): empty for English-only models, null until it has loaded. */
  languages: readonly string[] | null;
  /** The device the app runs on and its adapter: a model that translates there is offered where the model in use cannot. */
  device: Device;
  gpu: GpuFeatures | null;
  /** Whether the model may be switched now (not while dictating). */
  canSwitchModel: boolean;
  onUseModel(modelId: string): void;
}

const STRATEGY_LABELS: Readonly<Record<ContextStrategy, { label: string; hint: string }>> = {
  none: { label: 'None', hint: 'each utterance on its own' },
  prompt: { label: 'Prompt', hint: 'the last finals’ text (200 characters) as Whisper’s prompt' },
  context: { label: 'Audio', hint: 'the last second of the previous utterance’s audio before the next' },
  hybrid: { label: 'Both', hint: 'prompt and audio' },
};

/**
 * The Models panel's language section: the spoken language (Auto-detect or one of the model's
 * languages, searchable by name or code), Translate to English, the context carried between
 * utterances, and a custom vocabulary. Changes apply from the next utterance.
 */
export function LanguageSettings({ settings, onChange, modelId, languages, device, gpu, canSwitchModel, onUseModel }: LanguageSettingsProps) {
  const [query, setQuery] = useState('');
  const locale = navigator.language;
  const englishOnly = languages ? languages.length === 0 : MODEL_CATALOG.find((m) => m.id === modelId)?.languages === 'en';
  const translates = modelId !== null && !englishOnly && translatesToEnglish(modelId);
  const translatingModel = translates ? null : translatingModelFor(device, gpu);
  const options = languageOptions(languages ?? [], query, locale);
  const chosen = settings.language;
  const chosenHidden = chosen !== AUTO_LANGUAGE && !options.some((o) => o.code === chosen);

  return (
    <section class="dialog__section" aria-labelledby="language-heading">
      <h3 id="language-heading" class="dialog__subtitle">
        Language
      </h3>
      {englishOnly ? (
        <p class="dialog__hint" data-testid="language-fixed">
          English: {modelId} is an English-only model. Choose a multilingual model for other languages.
        </p>
      ) : (
        <>
          <div class="language-picker">
            <SearchInput label="Search languages" value={query} onChange={setQuery} />
            <select class="input" aria-label="Spoken language" value={chosen} onChange={(event) => onChange({ language: event.currentTarget.value })}>
              <option value={AUTO_LANGUAGE}>Auto-detect</option>
              {chosenHidden && <option value={chosen}>{languageName(chosen, locale)}</option>}
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name === o.englishName ? o.name : `${o.name} (${o.englishName})`}
                </option>
              ))}
            </select>
          </div>
          <p class="dialog__hint">
            {languages === null
              ? 'The model’s languages are listed once it has loaded.'
              : `${languages.length} languages. Auto-detect keeps a language it has recognized with confidence, so short phrases do not switch it.`}
          </p>
          <label class="choice">
            <input
              type="checkbox"
              checked={translates && settings.task === 'translate'}
              disabled={!translates}
              onChange={(event) => onChange({ task: event.currentTarget.checked ? 'translate' : 'transcribe' })}
            />
            Translate to English
          </label>
          {!translates && modelId && (
            <p class="dialog__hint" data-testid="no-translation">
              {modelId} cannot translate: it writes what is said in the language it is said in (OpenAI: “the turbo model will return the
              original language even if translate is specified”).
              {translatingModel && (
                <>
                  {' '}
                  <button type="button" class="button button--quiet" disabled={!canSwitchModel} onClick={() => onUseModel(translatingModel)}>
                    Use {translatingModel}
                  </button>{' '}
                  to translate.
                </>
              )}
            </p>
          )}
        </>
      )}

      <h3 id="context-heading" class="dialog__subtitle">
        Context between utterances
      </h3>
      <div class="choices" role="radiogroup" aria-labelledby="context-heading">
        {CONTEXT_STRATEGIES.map((strategy) => (
          <label key={strategy} class="choice" title={STRATEGY_LABELS[strategy].hint}>
            <input type="radio" name="context-strategy" checked={settings.contextStrategy === strategy} onChange={() => onChange({ contextStrategy: strategy })} />
            {STRATEGY_LABELS[strategy].label}
          </label>
        ))}
      </div>
      <p class="dialog__hint">{STRATEGY_LABELS[settings.contextStrategy].hint}.</p>

      <label class="dialog__subtitle" for="custom-vocabulary">
        Custom vocabulary
      </label>
      <textarea
        id="custom-vocabulary"
        class="input vocabulary"
        rows={2}
        placeholder="Names and terms, e.g. Sotto, Silero, LocalAgreement"
        value={settings.customVocabulary}
        onChange={(event) => onChange({ customVocabulary: event.currentTarget.value })}
      />
      <p class="dialog__hint">Given to Whisper ahead of each utterance, so it spells these words as written here.</p>
    </section>
  );
}
