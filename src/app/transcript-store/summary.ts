import { transcriptText, type TranscriptDocument } from '../state/transcript';

/** How many words of a transcript the history list shows. */
const FIRST_WORDS = 12;

/** One row of the history list. */
export interface TranscriptSummary {
  id: string;
  title: string | null;
  /** Wall-clock start of the first line (the creation time when it has none), ms since the Unix epoch. */
  startedAt: number;
  /** From the first line's start to the last line's end, seconds (pauses between sessions included). */
  durationSeconds: number;
  /** Whitespace-separated words of the final text. */
  words: number;
  /** The first FIRST_WORDS words, with '…' when there are more. */
  firstWords: string;
}

/** The history row of a transcript. */
export function summarize(transcript: TranscriptDocument): TranscriptSummary {
  const { lines } = transcript;
  const words = transcriptText(transcript).split(/\s+/).filter((word) => word.length > 0);
  const first = lines[0];
  const last = lines[lines.length - 1];
  const startedAt = first?.startedAt ?? transcript.createdAt;
  const endedAt = last ? last.startedAt + (last.end - last.start) * 1000 : startedAt;
  return {
    id: transcript.id,
    title: transcript.title,
    startedAt,
    durationSeconds: Math.max(0, (endedAt - startedAt) / 1000),
    words: words.length,
    firstWords: words.slice(0, FIRST_WORDS).join(' ') + (words.length > FIRST_WORDS ? ' …' : ''),
  };
}

/** Whether a transcript's title or text contains every word of `query` (case- and accent-insensitive). */
export function matchesQuery(transcript: TranscriptDocument, query: string): boolean {
  const haystack = fold(`${transcript.title ?? ''}\n${transcriptText(transcript)}`);
  return fold(query)
    .split(/\s+/)
    .filter((term) => term.length > 0)
    .every((term) => haystack.includes(term));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}
