import type { TranscriptDocument, TranscriptLine } from '../state/transcript';
import { transcriptText } from '../state/transcript';

/** The export formats offered, with file extension and MIME type. */
export const EXPORT_FORMATS = {
  txt: { label: 'Text', mime: 'text/plain;charset=utf-8' },
  srt: { label: 'SubRip subtitles', mime: 'application/x-subrip;charset=utf-8' },
  vtt: { label: 'WebVTT subtitles', mime: 'text/vtt;charset=utf-8' },
  json: { label: 'JSON', mime: 'application/json;charset=utf-8' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** One timed line on the transcript's own clock. */
export interface Cue {
  /** Seconds since the transcript's first line started. */
  start: number;
  end: number;
  text: string;
}

/** Shortest cue, seconds: a cue must end after it starts (WebVTT requires end > start). */
const MIN_CUE_SECONDS = 0.001;

/**
 * The transcript's non-empty lines on one clock: seconds since the first line's wall-clock
 * start. Lines of later capture sessions sit where they were spoken (the pause between
 * sessions is kept), so times only grow from session to session. Text is on one line.
 */
export function toCues(lines: readonly TranscriptLine[]): Cue[] {
  const kept = lines.filter((line) => line.text.trim().length > 0);
  const origin = kept[0]?.startedAt ?? 0;
  return kept.map((line) => {
    const start = Math.max(0, (line.startedAt - origin) / 1000);
    return { start, end: start + Math.max(MIN_CUE_SECONDS, line.end - line.start), text: line.text.trim().replace(/\s*\n\s*/g, ' ') };
  });
}

/**
 * `HH:MM:SS<separator>mmm`, hours at least two digits: SRT uses ',' (SubRip), WebVTT '.'
 * (W3C WebVTT, "WebVTT timestamp"). Rounded to whole milliseconds.
 * @param seconds non-negative
 */
export function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSeconds = (totalMs - ms) / 1000;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${separator}${pad(ms, 3)}`;
}

/** Plain text: one line per utterance, as Copy gives it, with a final newline. */
export function toText(transcript: TranscriptDocument): string {
  const text = transcriptText(transcript);
  return text === '' ? '' : `${text}\n`;
}

/**
 * SubRip (.srt): numbered cues from 1, `start --> end` with ',' before the milliseconds, the
 * text, and a blank line after each cue (the de-facto SubRip format, as Matroska's and
 * FFmpeg's SRT readers take it).
 */
export function toSrt(transcript: TranscriptDocument): string {
  return toCues(transcript.lines)
    .map((cue, index) => `${index + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${cue.text}\n\n`)
    .join('');
}

/**
 * WebVTT (.vtt, W3C WebVTT): the `WEBVTT` header and a blank line, then cues of
 * `start --> end` with '.' before the milliseconds and the text, each followed by a blank line.
 * `&`, `<` and `>` are escaped as character references, since cue text is parsed for tags.
 */
export function toWebVtt(transcript: TranscriptDocument): string {
  const cues = toCues(transcript.lines).map(
    (cue) => `${formatTimestamp(cue.start, '.')} --> ${formatTimestamp(cue.end, '.')}\n${escapeCueText(cue.text)}\n\n`,
  );
  return `WEBVTT\n\n${cues.join('')}`;
}

/**
 * JSON: the transcript's title and creation time, and its lines with every field they carry
 * (`start`/`end` seconds since their capture session started, `startedAt` ms since the Unix
 * epoch, and any the engine adds, e.g. language) plus `offset`: seconds on the transcript's
 * own clock (as in SRT and WebVTT).
 */
export function toJson(transcript: TranscriptDocument): string {
  const kept = transcript.lines.filter((line) => line.text.trim().length > 0);
  const cues = toCues(kept);
  const lines = kept.map((line, index) => ({ ...line, text: line.text.trim(), offset: cues[index]!.start }));
  return `${JSON.stringify({ title: transcript.title, createdAt: new Date(transcript.createdAt).toISOString(), lines }, null, 2)}\n`;
}

/** The file's content in `format`. */
export function exportTranscript(transcript: TranscriptDocument, format: ExportFormat): string {
  switch (format) {
    case 'txt':
      return toText(transcript);
    case 'srt':
      return toSrt(transcript);
    case 'vtt':
      return toWebVtt(transcript);
    case 'json':
      return toJson(transcript);
  }
}

function escapeCueText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
