import type { AppAction } from './actions';
import { INITIAL_STATUS, statusReducer, type StatusState } from './status';
import { INITIAL_TRANSCRIPT, transcriptReducer, type TranscriptState } from './transcript';

export interface AppState {
  status: StatusState;
  transcript: TranscriptState;
}

export const INITIAL_APP_STATE: AppState = { status: INITIAL_STATUS, transcript: INITIAL_TRANSCRIPT };

/** The root reducer: every action goes to both the status and the transcript reducers. */
export function appReducer(state: AppState, action: AppAction): AppState {
  const status = statusReducer(state.status, action);
  const transcript = transcriptReducer(state.transcript, action);
  return status === state.status && transcript === state.transcript ? state : { status, transcript };
}
