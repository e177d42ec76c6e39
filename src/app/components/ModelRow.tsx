import { dtypeFor, unsupportedReason, whisperFiles, type Device, type ModelInfo } from '../../inference-worker/asr/model-catalog';
import type { WebGpuProfile } from '../../inference-worker/webgpu';
import { formatBytes } from '../../format/bytes';
import type { ModelDownload, StoredModel } from '../models/use-model-library';
import { DownloadIcon, TrashIcon } from './Icons';
import { ModelProgress } from './ModelProgress';

interface ModelRowProps {
  model: ModelInfo;
  /** The device the app runs on: what "stored" and "download" refer to. */
  device: Device;
  gpu: WebGpuProfile | null;
  /** The model host in use; null while unknown (download disabled). */
  host: string | null;
  inUse: boolean;
  /** Devices this model is the default for. */
  defaultFor: Device[];
  stored: StoredModel | undefined;
  download: ModelDownload | undefined;
  /** Whether "Use" may switch models now (not while dictating). */
  canSwitch: boolean;
  onUse(): void;
  onDownload(files: string[], host: string): void;
  onDelete(): void;
}

const DEVICE_NAMES: Readonly<Record<Device, string>> = { webgpu: 'WebGPU', wasm: 'WASM' };

/** One catalog model: languages, devices, download size, what is stored, and its actions. */
export function ModelRow({ model, device, gpu, host, inUse, defaultFor, stored, download, canSwitch, onUse, onDownload, onDelete }: ModelRowProps) {
  const devices = Object.keys(model.devices) as Device[];
  const unsupported = unsupportedReason(model.id, device, gpu);
  const runsHere = unsupported === null;
  const files = runsHere ? whisperFiles(dtypeFor(model.id, device, gpu)) : [];
  const complete = runsHere && files.every((file) => stored?.completeFiles.has(file));
  const bytes = stored?.bytes ?? 0;
  const downloading = download !== undefined && download.error === null;
  const size = model.downloadBytes[device] ?? Object.values(model.downloadBytes)[0] ?? 0;
  const status = complete ? `Stored · ${formatBytes(bytes)}` : bytes > 0 ? `Partly stored · ${formatBytes(bytes)}` : 'Not stored';

  return (
    <li class="model-row" aria-label={model.id}>
      <div class="model-row__head">
        <span class="model-row__id">{model.id}</span>
        {inUse && <span class="chip">In use</span>}
        {defaultFor.map((d) => (
          <span key={d} class="chip chip--muted">
            Default on {DEVICE_NAMES[d]}
          </span>
        ))}
      </div>
      <p class="model-row__meta">
        {model.languages === 'en' ? 'English only' : 'Multilingual'} · {devices.map((d) => DEVICE_NAMES[d]).join(' and ')}
        {devices.length === 1 ? ' only' : ''} · download about {formatBytes(size)}
      </p>
      <div class="model-row__foot">
        <span class={`model-row__status${complete ? ' model-row__status--stored' : ''}`} data-testid="model-status">
          {status}
        </span>
        <div class="actions">
          {!inUse && (
            <button type="button" class="button" disabled={!runsHere || !canSwitch} onClick={onUse} aria-label={`Use ${model.id}`}>
              Use
            </button>
          )}
          {runsHere && !complete && (
            <button
              type="button"
              class="button"
              disabled={downloading || host === null}
              onClick={() => host && onDownload(files, host)}
              aria-label={`Download ${model.id}`}
            >
              <DownloadIcon />
              Download
            </button>
          )}
          {bytes > 0 && (
            <button type="button" class="button button--quiet" disabled={downloading} onClick={onDelete} aria-label={`Delete ${model.id}`}>
              <TrashIcon />
              Delete
            </button>
          )}
        </div>
      </div>
      {unsupported && <p class="model-row__note">{unsupported}</p>}
      {downloading && <ModelProgress progress={download.progress} idleLabel="Checking the model host" />}
      {download?.error && (
        <p class="model-row__error" role="alert">
          {download.error}
        </p>
      )}
    </li>
  );
}
