import type { ModelOptions } from '../../inference-worker/api';
import type { EngineEvent, ErrorCode } from '../../inference-worker/protocol';
import type { TranscriptDocument, UtterancePosition } from './transcript';

/**
 * Everything that changes app state: engine events plus the UI's and the client's own actions.
 * `capture: true` also opens a new capture session (utterance ids restart per session) that
 * started at wall-clock `at` (ms since the Unix epoch); `reload` starts loading a model again
 * (Retry, or another model chosen); `open` replaces the transcript (Clear opens a new one,
 * History an old one, a page load the last one); `edit` sets a line's text by hand.
 */
export type AppAction =
  | EngineEvent
  | { type: 'reload' }
  | { type: 'model-requested'; options: ModelOptions }
  | { type: 'capture'; capturing: boolean; at: number }
  | { type: 'dismiss-alert'; code: ErrorCode }
  | { type: 'open'; transcript: TranscriptDocument }
  | { type: 'edit'; line: UtterancePosition; text: string }
  | { type: 'rename'; title: string | null };
