import type { AppAction } from './actions';

/** One finalized utterance. `key` is unique across capture sessions. */
export interface TranscriptLine {
  key: string;
  text: string;
}

/** The latest partial hypothesis of the open utterance. */
export interface OpenPartial {
  key: string;
  stable: string;
  unstable: string;
}

export interface TranscriptState {
  /** Capture sessions started so far; utterance ids are only unique within one. */
  session: number;
  lines: TranscriptLine[];
  partial: OpenPartial | null;
}

export const INITIAL_TRANSCRIPT: TranscriptState = { session: 0, lines: [], partial: null };

/**
 * Keeps the transcript: finals are appended in order (a final replaces the line of the same
 * utterance, if any); the partial shows the open utterance. A partial whose final never
 * arrives (decode failure, worker reset) is kept as a line, so no words are ever lost.
 */
export function transcriptReducer(state: TranscriptState, action: AppAction): TranscriptState {
  switch (action.type) {
    case 'partial': {
      const key = utteranceKey(state.session, action.utteranceId);
      if (state.lines.some((line) => line.key === key)) return state;
      const base = state.partial?.key === key ? state : commitPartial(state);
      return { ...base, partial: { key, stable: action.stable.trim(), unstable: action.unstable.trim() } };
    }
    case 'final': {
      const key = utteranceKey(state.session, action.utteranceId);
      const base = state.partial?.key === key ? { ...state, partial: null } : commitPartial(state);
      return upsertLine(base, { key, text: action.text.trim() });
    }
    case 'state':
      return action.state === 'ready' || action.state === 'error' ? commitPartial(state) : state;
    case 'capture': {
      if (!action.capturing) return state;
      const committed = commitPartial(state);
      return { ...committed, session: committed.session + 1 };
    }
    case 'clear':
      return { ...state, lines: [], partial: null };
    default:
      return state;
  }
}

/** The whole final transcript as plain text, one utterance per line. */
export function transcriptText(state: TranscriptState): string {
  return state.lines.map((line) => line.text).join('\n');
}

/** Joins two word runs with one space, omitting empty ones. */
export function joinWords(...parts: string[]): string {
  return parts.filter((part) => part.length > 0).join(' ');
}

function utteranceKey(session: number, utteranceId: number): string {
  return `${session}:${utteranceId}`;
}

function commitPartial(state: TranscriptState): TranscriptState {
  if (!state.partial) return state;
  const { key, stable, unstable } = state.partial;
  return upsertLine({ ...state, partial: null }, { key, text: joinWords(stable, unstable) });
}

function upsertLine(state: TranscriptState, line: TranscriptLine): TranscriptState {
  if (line.text.length === 0) return state; // an empty final (nothing said) adds no line
  const index = state.lines.findIndex((existing) => existing.key === line.key);
  if (index === -1) return { ...state, lines: [...state.lines, line] };
  const lines = state.lines.slice();
  lines[index] = line;
  return { ...state, lines };
}
