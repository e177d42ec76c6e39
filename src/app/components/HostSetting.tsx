import { useState } from 'preact/hooks';
import { HUGGING_FACE_HOST, normalizeHost, SELF_HOSTED } from '../../model-store/model-host';

interface HostSettingProps {
  /** The saved host template. */
  host: string;
  /** The host template in use now (a `?host=` URL parameter may override the saved one); null while unknown. */
  inUse: string | null;
  disabled: boolean;
  onSave(host: string): void;
}

const PRESETS = [
  { id: 'hub', label: 'Hugging Face hub', template: HUGGING_FACE_HOST },
  { id: 'self', label: 'This site (/models/)', template: SELF_HOSTED },
] as const;

/** Where models download from: the hub, this site's /models/, or another host (validated). */
export function HostSetting({ host, inUse, disabled, onSave }: HostSettingProps) {
  const preset = PRESETS.find((p) => normalizeHost(p.template, location.href) === host);
  const [custom, setCustom] = useState(preset ? '' : host);
  const [choice, setChoice] = useState<string>(preset?.id ?? 'custom');
  const [error, setError] = useState<string | null>(null);

  const save = (input: string) => {
    try {
      onSave(normalizeHost(input, location.href));
      setError(null);
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
    }
  };

  return (
    <section class="dialog__section" aria-labelledby="host-heading">
      <h3 id="host-heading" class="dialog__subtitle">
        Model host
      </h3>
      <div class="choices" role="radiogroup" aria-labelledby="host-heading">
        {PRESETS.map((p) => (
          <label key={p.id} class="choice">
            <input
              type="radio"
              name="host"
              checked={choice === p.id}
              disabled={disabled}
              onChange={() => {
                setChoice(p.id);
                save(p.template);
              }}
            />
            {p.label}
          </label>
        ))}
        <label class="choice">
          <input type="radio" name="host" checked={choice === 'custom'} disabled={disabled} onChange={() => setChoice('custom')} />
          Another host
        </label>
      </div>
      {choice === 'custom' && (
        <form
          class="host-form"
          onSubmit={(event) => {
            event.preventDefault();
            save(custom);
          }}
        >
          <input
            class="input"
            type="text"
            inputMode="url"
            spellcheck={false}
            aria-label="Model host address"
            placeholder="https://models.example.org/"
            value={custom}
            disabled={disabled}
            onInput={(event) => setCustom(event.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={disabled}>
            Save
          </button>
        </form>
      )}
      {error && (
        <p class="model-row__error" role="alert">
          {error}
        </p>
      )}
      <p class="dialog__hint">
        {inUse && (
          <>
            Files are fetched from <code>{inUse.replace('{model}', '<model>').replace('{revision}', 'main')}</code>.{' '}
          </>
        )}
        A host with the hub's layout serves <code>/&lt;model&gt;/resolve/&lt;revision&gt;/&lt;file&gt;</code>; put <code>{'{model}'}</code>{' '}
        in the address for another layout.
      </p>
    </section>
  );
}
