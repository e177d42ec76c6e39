import type { WhisperTask } from './decoder-prompt';
import { MODEL_CATALOG, runsOn, type Device, type GpuFeatures } from './model-catalog';

/**
 * What is carried from earlier utterances into a decode (the server design's three
 * strategies):
 * - `none`: each utterance on its own;
 * - `prompt`: the last finals' text (whisper_streaming's 200 characters) as Whisper's
 *   previous-text prompt;
 * - `context`: the last second of the previous utterance's audio prepended, its words dropped
 *   by their timestamps;
 * - `hybrid`: both.
 */
export type ContextStrategy = 'none' | 'prompt' | 'context' | 'hybrid';

export const CONTEXT_STRATEGIES: readonly ContextStrategy[] = ['none', 'prompt', 'context', 'hybrid'];

/** The language setting that detects each utterance's language. */
export const AUTO_LANGUAGE = 'auto';

/** The user's language, task and context choices; the inference worker applies them from the next utterance. */
export interface DecodingSettings {
  /** {@link AUTO_LANGUAGE} or a Whisper language code (`de`, `yue`...); ignored by English-only models. */
  language: string;
  /** `translate` writes English (models that translate only, see {@link translatesToEnglish}). */
  task: WhisperTask;
  contextStrategy: ContextStrategy;
  /** Names and terms given to Whisper as a static prompt ahead of the carried context; empty: none. */
  customVocabulary: string;
}

export const DEFAULT_DECODING_SETTINGS: Readonly<DecodingSettings> = {
  language: AUTO_LANGUAGE,
  task: 'transcribe',
  contextStrategy: 'none',
  customVocabulary: '',
};

/**
 * Whether a catalog model can do Whisper's `translate` task: multilingual models except
 * turbo, which was fine-tuned without translation data (openai/whisper README: "The turbo
 * model will return the original language even if `--task translate` is specified").
 * Models outside the catalog: true (a multilingual vocabulary is checked when they load).
 */
export function translatesToEnglish(modelId: string): boolean {
  const info = MODEL_CATALOG.find((model) => model.id === modelId);
  return !info || (info.languages === 'multilingual' && info.translates !== false);
}

/** The first catalog model that translates and runs on `device` (with this adapter, for WebGPU); null when none does. */
export function translatingModelFor(device: Device, gpu: GpuFeatures | null): string | null {
  return MODEL_CATALOG.find((model) => model.languages === 'multilingual' && translatesToEnglish(model.id) && runsOn(model.id, device, gpu))?.id ?? null;
}
