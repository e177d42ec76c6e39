import type { ModelOptions } from '../../inference-worker/api';
import type { ErrorCode, ModelEvent, ProgressEvent, RecognizerState } from '../../inference-worker/protocol';
import type { AppAction } from './actions';

/** An error shown to the user until dismissed or resolved; one per code. */
export interface Alert {
  code: ErrorCode;
  message: string;
}

export interface StatusState {
  state: RecognizerState;
  /** Whether the microphone is being captured (as reported by the recognizer client). */
  capturing: boolean;
  /** What the app asked the worker to load, shown until the worker reports what it loaded. */
  requested: ModelOptions | null;
  model: ModelEvent | null;
  progress: ProgressEvent | null;
  alerts: Alert[];
}

export const INITIAL_STATUS: StatusState = {
  state: 'loading',
  capturing: false,
  requested: null,
  model: null,
  progress: null,
  alerts: [],
};

/** Errors after which dictation cannot work until the page is reloaded or the load retried. */
const FATAL_CODES: ReadonlySet<ErrorCode> = new Set(['unsupported-browser', 'model-load-failed', 'storage-full', 'vad-load-failed']);

/** Errors of loading the speech engine: loading it again clears them. */
const LOAD_CODES: ReadonlySet<ErrorCode> = new Set(['model-load-failed', 'storage-full', 'vad-load-failed', 'model-file-damaged']);

/** Errors that a successful capture start resolves. */
const MICROPHONE_CODES: ReadonlySet<ErrorCode> = new Set(['mic-denied', 'mic-unavailable']);

/** Tracks recognizer state, model loading, capture and alerts. */
export function statusReducer(state: StatusState, action: AppAction): StatusState {
  switch (action.type) {
    case 'state':
      return { ...state, state: action.state };
    case 'progress':
      return { ...state, progress: action };
    case 'model':
      return { ...state, model: action };
    case 'error':
      return {
        ...state,
        alerts: [...state.alerts.filter((alert) => alert.code !== action.code), { code: action.code, message: action.message }],
      };
    case 'reload':
      return {
        ...state,
        state: 'loading',
        model: null,
        progress: null,
        alerts: state.alerts.filter((alert) => !LOAD_CODES.has(alert.code)),
      };
    case 'model-requested':
      return { ...state, requested: action.options };
    case 'capture':
      return {
        ...state,
        capturing: action.capturing,
        alerts: action.capturing ? state.alerts.filter((alert) => !MICROPHONE_CODES.has(alert.code)) : state.alerts,
      };
    case 'dismiss-alert':
      return { ...state, alerts: state.alerts.filter((alert) => alert.code !== action.code) };
    default:
      return state;
  }
}

/** Whether an alert cannot be dismissed because the app cannot recover from it without a reload or retry. */
export function isFatal(code: ErrorCode): boolean {
  return FATAL_CODES.has(code);
}

/** Whether an alert offers Retry: a load failure that loading again may resolve. */
export function isRetryable(code: ErrorCode): boolean {
  return LOAD_CODES.has(code) && FATAL_CODES.has(code);
}

/** Whether the Start button may be used: the model is loaded and nothing fatal happened. */
export function canDictate(status: StatusState): boolean {
  if (status.alerts.some((alert) => isFatal(alert.code))) return false;
  return status.capturing || (status.state !== 'loading' && status.state !== 'error');
}
