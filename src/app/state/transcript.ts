import type { FinalEvent } from '../../inference-worker/protocol';
import type { AppAction } from './actions';

/** Where an utterance sits: utterance ids restart with each capture session. */
export interface UtterancePosition {
  session: number;
  utteranceId: number;
}

/**
 * One finalized utterance: the `final` event's fields (text trimmed; `start` and `end` in
 * seconds since its capture session started), so fields the engine adds later (language,
 * model) pass through, plus its place and wall-clock start.
 */
export type TranscriptLine = UtterancePosition &
  Omit<FinalEvent, 'type' | 'utteranceId' | 'decodeMs'> & {
    /** Wall-clock time the utterance started, ms since the Unix epoch. */
    startedAt: number;
    /** Decode time of the final, ms; absent on a line kept from a partial. */
    decodeMs?: number;
    /** The user changed the text: later finals of this utterance keep it. */
    edited?: true;
    /**
     * Kept from a partial hypothesis whose final never came (Stop, reload, failed decode):
     * `start` is then the end of the previous line of its session (a lower bound) and `end`
     * the audio time its last partial covered.
     */
    fromPartial?: true;
  };

/** The latest partial hypothesis of the open utterance. */
export interface OpenPartial extends UtterancePosition {
  stable: string;
  unstable: string;
  /** Lower bound of the utterance start: the end of the session's previous line, seconds since capture start. */
  start: number;
  /** Audio time the hypothesis covers, seconds since capture start. */
  audioTime: number;
  /** Wall-clock time of `start`, ms since the Unix epoch. */
  startedAt: number;
}

/** What is kept of a transcript in history (IndexedDB): one document, possibly several capture sessions. */
export interface TranscriptDocument {
  /** Key in the history store; '' until a transcript is opened (nothing is saved then). */
  id: string;
  /** A name the user gave it; null: shown by its start time. */
  title: string | null;
  /** Created, and last opened, ms since the Unix epoch (the most recently opened one reopens at load). */
  createdAt: number;
  openedAt: number;
  /** Capture sessions started so far. */
  session: number;
  /** Finalized utterances, in utterance order. */
  lines: TranscriptLine[];
  partial: OpenPartial | null;
}

export interface TranscriptState extends TranscriptDocument {
  /** Wall-clock start of the running capture session, ms since the Unix epoch; null before any in this page. */
  captureStartedAt: number | null;
}

export const INITIAL_TRANSCRIPT: TranscriptState = {
  id: '',
  title: null,
  createdAt: 0,
  openedAt: 0,
  session: 0,
  lines: [],
  partial: null,
  captureStartedAt: null,
};

/**
 * Keeps the transcript: each final becomes a line, in utterance order (a final replaces the
 * line of the same utterance, if any, but never the text of a line the user edited); the
 * partial shows the open utterance and is dropped when its final arrives. A partial whose
 * final never comes (a later utterance moved on, the session ended, a decode failed, the page
 * was reloaded) is kept as a line, so no words are ever lost. `open` replaces the transcript
 * (Clear, History, restore after reload); the sessions it holds go on after its own.
 */
export function transcriptReducer(state: TranscriptState, action: AppAction): TranscriptState {
  switch (action.type) {
    case 'partial': {
      const position = { session: state.session, utteranceId: action.utteranceId };
      const open = state.partial;
      if (open && compare(open, position) > 0) return state; // a late partial of an older utterance
      if (state.lines.some((line) => compare(line, position) === 0)) return state; // already final
      const base = open && compare(open, position) < 0 ? commitPartial(state) : state;
      const start = open && compare(open, position) === 0 ? open.start : previousEnd(base.lines, position);
      const stable = action.stable.trim();
      const partial = { ...position, stable, unstable: action.unstable.trim(), start, audioTime: action.audioTime, startedAt: wallClock(state, start) };
      return { ...base, partial };
    }
    case 'final': {
      const { type: _, utteranceId, text, ...fields } = action;
      const position = { session: state.session, utteranceId };
      const open = state.partial;
      let base = state;
      if (open && compare(open, position) === 0) base = { ...state, partial: null };
      else if (open && compare(open, position) < 0) base = commitPartial(state);
      return upsertLine(base, { ...position, ...fields, text: text.trim(), startedAt: wallClock(state, fields.start) });
    }
    case 'state':
      return action.state === 'ready' || action.state === 'error' ? commitPartial(state) : state;
    case 'capture': {
      if (!action.capturing) return state;
      const committed = commitPartial(state);
      return { ...committed, session: committed.session + 1, captureStartedAt: action.at };
    }
    case 'open':
      return commitPartial({ ...action.transcript, captureStartedAt: null });
    case 'edit': {
      const lines = state.lines.map((line) => (compare(line, action.line) === 0 ? { ...line, text: action.text, edited: true as const } : line));
      return { ...state, lines };
    }
    case 'rename':
      return { ...state, title: action.title };
    default:
      return state;
  }
}

/** A new empty transcript, created and opened at `now` (ms since the Unix epoch). */
export function newTranscript(now: number): TranscriptDocument {
  return { id: `transcript-${now}-${Math.random().toString(36).slice(2, 8)}`, title: null, createdAt: now, openedAt: now, session: 0, lines: [], partial: null };
}

/** The document part of the state, as the history store keeps it. */
export function toDocument({ captureStartedAt: _, ...document }: TranscriptState): TranscriptDocument {
  return document;
}

/** Whether a transcript holds no words (finals, edits or an open partial). */
export function isEmptyTranscript(transcript: TranscriptDocument): boolean {
  return transcriptText(transcript) === '' && !transcript.partial;
}

/** The whole final transcript as plain text, one utterance per line (lines edited to nothing left out). */
export function transcriptText(transcript: Pick<TranscriptDocument, 'lines'>): string {
  return transcript.lines
    .map((line) => line.text.trim())
    .filter((text) => text.length > 0)
    .join('\n');
}

/** A key unique to one utterance across sessions, for rendering lists. */
export function lineKey(position: UtterancePosition): string {
  return `${position.session}:${position.utteranceId}`;
}

function compare(a: UtterancePosition, b: UtterancePosition): number {
  return a.session - b.session || a.utteranceId - b.utteranceId;
}

/** Wall-clock ms of `seconds` into the running capture session (a restored transcript without one: its creation). */
function wallClock(state: TranscriptState, seconds: number): number {
  return (state.captureStartedAt ?? state.createdAt) + seconds * 1000;
}

/** End of the last line before `position` in the same session, seconds; 0 when it is the session's first. */
function previousEnd(lines: TranscriptLine[], position: UtterancePosition): number {
  const before = lines.filter((line) => line.session === position.session && compare(line, position) < 0);
  return before.length > 0 ? before[before.length - 1]!.end : 0;
}

function commitPartial<T extends TranscriptDocument>(state: T): T {
  if (!state.partial) return state;
  const { stable, unstable, audioTime, ...rest } = state.partial;
  const text = [stable, unstable].filter((part) => part.length > 0).join(' ');
  return upsertLine({ ...state, partial: null }, { ...rest, text, end: audioTime, fromPartial: true });
}

/**
 * Inserts the line at its utterance position, replacing a line of the same utterance; a line
 * the user edited keeps its text (the new line's timing and fields are taken). A final whose
 * text a hallucination guard dropped stays as an empty line with its `dropped` reason, so the
 * utterance does not disappear silently.
 */
function upsertLine<T extends TranscriptDocument>(state: T, line: TranscriptLine): T {
  if (line.text.length === 0 && !line.dropped) return state; // an empty final (nothing said) adds no line; a dropped one shows its marker
  const existing = state.lines.find((other) => compare(other, line) === 0);
  const placed = existing?.edited ? { ...line, text: existing.text, edited: true as const } : line;
  const lines = state.lines.filter((other) => compare(other, line) !== 0);
  const index = lines.findIndex((other) => compare(other, line) > 0);
  lines.splice(index === -1 ? lines.length : index, 0, placed);
  return { ...state, lines };
}
