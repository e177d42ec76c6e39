import { EXPORT_FORMATS, exportTranscript, type ExportFormat } from './formats';
import type { TranscriptDocument } from '../state/transcript';

/**
 * File name for an export: `sotto-YYYY-MM-DD-HHMM.<format>` from the transcript's start
 * (local time), or its title made file-safe when it has one.
 */
export function exportFileName(transcript: TranscriptDocument, format: ExportFormat): string {
  const started = new Date(transcript.lines[0]?.startedAt ?? transcript.createdAt);
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${started.getFullYear()}-${pad(started.getMonth() + 1)}-${pad(started.getDate())}-${pad(started.getHours())}${pad(started.getMinutes())}`;
  const title = transcript.title?.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return `${title || `sotto-${stamp}`}.${format}`;
}

/** Saves the transcript as a file in `format` through the browser's download (an object URL on a temporary link). */
export function downloadTranscript(transcript: TranscriptDocument, format: ExportFormat): void {
  const blob = new Blob([exportTranscript(transcript, format)], { type: EXPORT_FORMATS[format].mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(transcript, format);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // after the download has surely started
}
