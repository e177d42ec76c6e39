import { useEffect, useRef, useState } from 'preact/hooks';
import { defaultModelFor, MODEL_CATALOG, type Device } from '../../inference-worker/asr/model-catalog';
import { chooseDevice, type WebGpuProfile } from '../../inference-worker/webgpu';
import { formatBytes } from '../../format/bytes';
import type { ModelLibrary } from '../models/use-model-library';
import type { Settings } from '../settings/settings';
import { HostSetting } from './HostSetting';
import { LanguageSettings } from './LanguageSettings';
import { ModelRow } from './ModelRow';

interface ModelManagerProps {
  open: boolean;
  onClose(): void;
  library: ModelLibrary;
  settings: Settings;
  /** Whether partials are shown now (the address's `?partials=` over the saved setting). */
  partials: boolean;
  onChange(patch: Partial<Settings>): void;
  /** The model the app loads (or has loaded) and the device it runs on. */
  active: { modelId: string; device: Device; host: string } | null;
  gpu: WebGpuProfile | null;
  /** While dictating, the model, device and host cannot change. */
  capturing: boolean;
  /** Language codes of the loaded model: empty for English-only models, null until it has loaded. */
  languages: readonly string[] | null;
  /** Bytes the transcript history takes (it shares the site's quota with the models). */
  measureHistory(): Promise<number>;
}

const DEVICE_CHOICES: { value: Device | null; label: string }[] = [
  { value: null, label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WebAssembly (CPU)' },
];

/**
 * The settings panel: storage use (models and transcript history), the model list with
 * download/delete/use, language, device, live partials and model host.
 */
export function ModelManager({ open, onClose, library, settings, partials, onChange, active, gpu, capturing, measureHistory, languages }: ModelManagerProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [historyBytes, setHistoryBytes] = useState<number | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      library.refresh();
      void measureHistory().then(setHistoryBytes, () => setHistoryBytes(null));
    } else if (!open && element.open) element.close();
  }, [open, library.refresh, measureHistory]);
  const modelBytes = [...library.stored.values()].reduce((sum, model) => sum + model.bytes, 0);

  const device = active?.device ?? chooseDevice(undefined, gpu);
  const { storage, persisted } = library;
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="models-heading" onClose={onClose}>
      <div class="dialog__bar">
        <h2 id="models-heading" class="dialog__title">
          Models and storage
        </h2>
        <button type="button" class="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>

      <section class="dialog__section" aria-label="Storage">
        <p class="storage" data-testid="storage" data-usage={storage?.usage}>
          {storage
            ? `This site uses ${formatBytes(storage.usage)} of the ${formatBytes(storage.quota)} the browser allows it.`
            : 'This browser does not report storage use.'}
        </p>
        <p class="storage" data-testid="storage-split">
          Models: {formatBytes(modelBytes)}. Transcript history: {historyBytes === null ? 'unknown' : formatBytes(historyBytes)} (kept when models are deleted).
        </p>
        {storage && (
          <div class="meter storage__meter" role="meter" aria-label="Storage used" aria-valuemin={0} aria-valuemax={storage.quota} aria-valuenow={storage.usage}>
            <div class="meter__fill storage__fill" style={{ clipPath: `inset(0 ${100 - Math.min(100, (storage.usage / storage.quota) * 100)}% 0 0)` }} />
          </div>
        )}
        <p class="dialog__hint">
          {persisted
            ? 'Storage is persistent: the browser keeps stored models when space runs low.'
            : 'Storage is not persistent: the browser may remove stored models when the disk is nearly full.'}
        </p>
      </section>

      <section class="dialog__section" aria-labelledby="model-list-heading">
        <h3 id="model-list-heading" class="dialog__subtitle">
          Speech models <span class="dialog__hint">on {device === 'webgpu' ? 'WebGPU' : 'WebAssembly'}</span>
        </h3>
        {capturing && <p class="dialog__hint">Stop dictating to switch models.</p>}
        <ul class="model-list">
          {MODEL_CATALOG.map((model) => (
            <ModelRow
              key={model.id}
              model={model}
              device={device}
              gpu={gpu}
              host={active?.host ?? null}
              inUse={active?.modelId === model.id}
              defaultFor={(['webgpu', 'wasm'] as const).filter((d) => defaultModelFor(d, gpu) === model.id)}
              stored={library.stored.get(model.id)}
              download={library.downloads[model.id]}
              canSwitch={!capturing}
              onUse={() => onChange({ modelId: model.id })}
              onDownload={(files, host) => library.download(model.id, files, host)}
              onDelete={() => void library.remove(model.id)}
            />
          ))}
        </ul>
      </section>

      <LanguageSettings
        settings={settings.decoding}
        onChange={(patch) => onChange({ decoding: { ...settings.decoding, ...patch } })}
        modelId={active?.modelId ?? null}
        languages={languages}
        device={device}
        gpu={gpu}
        canSwitchModel={!capturing}
        onUseModel={(modelId) => onChange({ modelId })}
      />

      <section class="dialog__section" aria-labelledby="device-heading">
        <h3 id="device-heading" class="dialog__subtitle">
          Device
        </h3>
        <div class="choices" role="radiogroup" aria-labelledby="device-heading">
          {DEVICE_CHOICES.map(({ value, label }) => (
            <label key={label} class="choice">
              <input
                type="radio"
                name="device"
                checked={settings.device === value}
                disabled={capturing || (value === 'webgpu' && !gpu)}
                onChange={() => onChange({ device: value })}
              />
              {label}
            </label>
          ))}
        </div>
        {gpu?.fallbackAdapter && (
          <p class="dialog__hint" data-testid="software-adapter">
            WebGPU here runs on the CPU ({gpu.name || 'a software adapter'}): WebAssembly is faster, so Automatic uses it. Choose WebGPU to use it anyway.
          </p>
        )}
      </section>

      <section class="dialog__section" aria-labelledby="live-heading">
        <h3 id="live-heading" class="dialog__subtitle">
          Live text
        </h3>
        <label class="choice">
          <input type="checkbox" checked={partials} onChange={(event) => onChange({ partials: event.currentTarget.checked })} />
          Show words while you speak
        </label>
        <p class="dialog__hint">
          Off, each sentence is transcribed once, when you pause: less work for a slow device, but no words show until then.
        </p>
      </section>

      <HostSetting host={settings.host} inUse={active?.host ?? null} disabled={capturing} onSave={(host) => onChange({ host })} />
    </dialog>
  );
}
