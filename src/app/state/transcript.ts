import type { AppAction } from './actions';

/** Where an utterance sits: utterance ids restart with each capture session. */
export interface UtterancePosition {
  session: number;
  utteranceId: number;
}

/** One finalized utterance. */
export interface TranscriptLine extends UtterancePosition {
  text: string;
}

/** The latest partial hypothesis of the open utterance. */
export interface OpenPartial extends UtterancePosition {
  stable: string;
  unstable: string;
}

export interface TranscriptState {
  /** Capture sessions started so far. */
  session: number;
  /** Finalized utterances, in utterance order. */
  lines: TranscriptLine[];
  partial: OpenPartial | null;
}

export const INITIAL_TRANSCRIPT: TranscriptState = { session: 0, lines: [], partial: null };

/**
 * Keeps the transcript: each final becomes a line, in utterance order (a final replaces the
 * line of the same utterance, if any); the partial shows the open utterance and is dropped
 * when its final arrives. A partial whose final never comes (a later utterance moved on, the
 * session ended, a decode failed) is kept as a line, so no words are ever lost.
 */
export function transcriptReducer(state: TranscriptState, action: AppAction): TranscriptState {
  switch (action.type) {
    case 'partial': {
      const position = { session: state.session, utteranceId: action.utteranceId };
      const open = state.partial;
      if (open && compare(open, position) > 0) return state; // a late partial of an older utterance
      if (state.lines.some((line) => compare(line, position) === 0)) return state; // already final
      const base = open && compare(open, position) < 0 ? commitPartial(state) : state;
      return { ...base, partial: { ...position, stable: action.stable.trim(), unstable: action.unstable.trim() } };
    }
    case 'final': {
      const position = { session: state.session, utteranceId: action.utteranceId };
      const open = state.partial;
      let base = state;
      if (open && compare(open, position) === 0) base = { ...state, partial: null };
      else if (open && compare(open, position) < 0) base = commitPartial(state);
      return upsertLine(base, { ...position, text: action.text.trim() });
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

/** A key unique to one utterance across sessions, for rendering lists. */
export function lineKey(position: UtterancePosition): string {
  return `${position.session}:${position.utteranceId}`;
}

function compare(a: UtterancePosition, b: UtterancePosition): number {
  return a.session - b.session || a.utteranceId - b.utteranceId;
}

function commitPartial(state: TranscriptState): TranscriptState {
  if (!state.partial) return state;
  const { stable, unstable, ...position } = state.partial;
  const text = [stable, unstable].filter((part) => part.length > 0).join(' ');
  return upsertLine({ ...state, partial: null }, { ...position, text });
}

/** Inserts the line at its utterance position, replacing a line of the same utterance. */
function upsertLine(state: TranscriptState, line: TranscriptLine): TranscriptState {
  if (line.text.length === 0) return state; // an empty final (nothing said) adds no line
  const lines = state.lines.filter((existing) => compare(existing, line) !== 0);
  const index = lines.findIndex((existing) => compare(existing, line) > 0);
  lines.splice(index === -1 ? lines.length : index, 0, line);
  return { ...state, lines };
}
