import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { DEFAULT_GUARDS, guardTranscriber, type GuardSettings } from '../inference-worker/asr/hallucination-guards';
import { loadWhisperTranscriber, type WhisperDtype, type WhisperTranscriber } from '../inference-worker/asr/whisper-transcriber';
import { loadSileroVad } from '../inference-worker/vad/silero-vad';
import type { SpeechProbabilityModel } from '../inference-worker/vad/speech-probability';

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared` beside the repository, or `$SOTTO_SHARED`. */
export const SHARED_DIR = process.env.SOTTO_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
/** The test, e2e and benchmark model: real whisper-tiny.en weights from `../shared/models`. */
export const DEFAULT_MODEL_DIR = resolve(SHARED_DIR, 'models', 'whisper-tiny.en');

/**
 * Loads Whisper from a local folder in the transformers.js layout (`config.json`,
 * `onnx/*.onnx`...) with onnxruntime-node on the CPU. Remote downloads are disabled.
 * @param modelDir folder of the model, e.g. {@link DEFAULT_MODEL_DIR}
 * @param dtype `fp32` (fastest on CPU for tiny.en) or `q8`
 * @param guards the hallucination guards every `transcribe` passes, as in the app; null: the
 *   bare decoder (the benchmark's `--no-guards` run)
 */
export async function loadNodeWhisper(
  modelDir = DEFAULT_MODEL_DIR,
  dtype: WhisperDtype = 'fp32',
  guards: GuardSettings | null = DEFAULT_GUARDS,
): Promise<WhisperTranscriber> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(resolve(modelDir)) + '/';
  const whisper = await loadWhisperTranscriber({ modelId: basename(modelDir), device: 'cpu', dtype });
  return guards ? withGuards(whisper, guards) : whisper;
}

/** The same Whisper with every `transcribe` passing the hallucination guards ({@link guardTranscriber}). */
export function withGuards(whisper: WhisperTranscriber, guards: GuardSettings = DEFAULT_GUARDS): WhisperTranscriber {
  return { ...whisper, transcribe: guardTranscriber(whisper, guards).transcribe };
}

/** Loads Silero VAD v5 (the file `@ricky0123/vad-web` ships) with onnxruntime-node. */
export async function loadNodeVad(): Promise<SpeechProbabilityModel> {
  const bytes = await readFile(resolve(REPO_ROOT, 'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
  return loadSileroVad(ort, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
