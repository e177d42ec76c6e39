/**
 * The benchmark's flags for the decoding settings (`DecodingSettings`): `--context
 * none|prompt|context|hybrid`, `--vocabulary "<names and terms>"`, `--language <code>|auto`
 * and `--task transcribe|translate`. They may differ per `--compare` variant.
 */
import { CONTEXT_STRATEGIES, type ContextStrategy, type DecodingSettings } from '../src/inference-worker/asr/decoding-settings';

/** `node:util` parseArgs options of the decoding settings. */
export const DECODING_OPTIONS = {
  /** Context carried between utterances: `none` (default), `prompt`, `context` or `hybrid`. */
  context: { type: 'string' },
  /** Custom vocabulary: names and terms given to Whisper as a static prompt. */
  vocabulary: { type: 'string' },
  /** Multilingual models: a Whisper language code, or `auto` (default: detect per utterance). */
  language: { type: 'string' },
  /** Multilingual models: `transcribe` (default) or `translate` (to English). */
  task: { type: 'string' },
} as const;

export interface DecodingValues {
  context?: string;
  vocabulary?: string;
  language?: string;
  task?: string;
}

/**
 * The decoding settings the flags change (the rest keep their defaults).
 * @throws Error for a context strategy or task that does not exist
 */
export function decodingFromOptions(values: DecodingValues): Partial<DecodingSettings> {
  const { context, task } = values;
  if (context !== undefined && !CONTEXT_STRATEGIES.includes(context as ContextStrategy)) {
    throw new Error(`--context must be one of ${CONTEXT_STRATEGIES.join(', ')}, got ${context}`);
  }
  if (task !== undefined && task !== 'transcribe' && task !== 'translate') throw new Error(`--task must be transcribe or translate, got ${task}`);
  return {
    ...(context === undefined ? {} : { contextStrategy: context as ContextStrategy }),
    ...(values.vocabulary === undefined ? {} : { customVocabulary: values.vocabulary }),
    ...(values.language === undefined ? {} : { language: values.language }),
    ...(task === undefined ? {} : { task }),
  };
}

/** The decoding settings in words, for reports. */
export function describeDecoding(decoding: DecodingSettings): string {
  const vocabulary = decoding.customVocabulary.trim() ? `, custom vocabulary "${decoding.customVocabulary.trim()}"` : '';
  return `context ${decoding.contextStrategy}, language ${decoding.language}, task ${decoding.task}${vocabulary}`;
}
