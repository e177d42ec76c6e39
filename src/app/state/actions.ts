import type { ModelOptions } from '../../inference-worker/api';
import type { EngineEvent, ErrorCode } from '../../inference-worker/protocol';

/**
 * Everything that changes app state: engine events plus the UI's and the client's own actions.
 * `capture: true` also opens a new capture session (utterance ids restart per session);
 * `reload` starts loading a model again (Retry, or another model chosen).
 */
export type AppAction =
  | EngineEvent
  | { type: 'reload' }
  | { type: 'model-requested'; options: ModelOptions }
  | { type: 'capture'; capturing: boolean }
  | { type: 'dismiss-alert'; code: ErrorCode }
  | { type: 'clear' };
