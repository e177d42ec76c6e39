import { createStore, get, set } from 'idb-keyval';
import { DEFAULT_DECODING_SETTINGS, type DecodingSettings } from '../../inference-worker/asr/decoding-settings';
import type { Device } from '../../inference-worker/asr/model-catalog';
import { HUGGING_FACE_HOST } from '../../model-store/model-host';

/** What the user chose in the model manager; kept in IndexedDB across visits. */
export interface Settings {
  /** The model to load; null: the default for the device (see `DEFAULT_MODELS`). */
  modelId: string | null;
  /** The device to run on; null: WebGPU when available, else WASM. */
  device: Device | null;
  /** Where models are downloaded from: a host template or base URL (see `normalizeHost`). */
  host: string;
  /** Language, translation, carried context and custom vocabulary (the Language section). */
  decoding: DecodingSettings;
  /** Show partial hypotheses (words while they are spoken); off, each utterance is decoded once, at its end. */
  partials: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { modelId: null, device: null, host: HUGGING_FACE_HOST, decoding: DEFAULT_DECODING_SETTINGS, partials: true };

/** The settings database (idb-keyval): model settings and the transcript view's preferences. */
export const settingsStore = createStore('sotto-settings', 'settings');
const KEY = 'settings';

/**
 * The saved settings over the defaults. Never rejects: where IndexedDB is unavailable (some
 * private modes) the defaults are returned.
 */
export async function loadSettings(): Promise<Settings> {
  try {
    const saved = await get<Partial<Settings>>(KEY, settingsStore);
    return { ...DEFAULT_SETTINGS, ...saved, decoding: { ...DEFAULT_DECODING_SETTINGS, ...saved?.decoding } };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Saves the settings for later visits; a failure to save is ignored (they still apply now). */
export async function saveSettings(settings: Settings): Promise<void> {
  await set(KEY, settings, settingsStore).catch(() => {});
}
