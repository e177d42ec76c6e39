import { languageName } from '../../inference-worker/asr/whisper-vocabulary';
import type { TranscriptLine } from '../state/transcript';
import { formatAudioTime } from './clock';

/** What a final line says about itself besides its text: shown as a tooltip, read by screen readers, drawn by CSS. */
export interface LineLabels {
  /** Tooltip: its audio span, session, spoken-at time, and what is special about it. */
  title: string;
  /** Accessible name of its text box: its number and span, and why it has no text if it was dropped. */
  ariaLabel: string;
  /** Its audio span, `m:ss–m:ss`. */
  times: string;
  /** The fallback decoder that decoded it (`model (device)`), when not the first one. */
  fallback?: string;
  /** Marker of a dropped line (`no text kept (reason)`), drawn in place of its text. */
  dropped?: string;
  /** Its Whisper language code (multilingual models), drawn as a tag before the text. */
  language?: string;
}

/**
 * The labels of transcript line number `number` (1-based). Marks are drawn by CSS from data
 * attributes, outside the text, so copying and exporting the transcript never includes them.
 * @param locale BCP 47 locale for the language's name (e.g. `navigator.language`)
 */
export function lineLabels(line: TranscriptLine, number: number, locale: string): LineLabels {
  const times = `${formatAudioTime(line.start)}–${formatAudioTime(line.end)}`;
  const spoken = new Date(line.startedAt).toLocaleTimeString(locale);
  const fallback = line.fallback && `${line.fallback.modelId} (${line.fallback.device})`;
  const details = [
    `${times} of session ${line.session}, spoken at ${spoken}`,
    ...(line.language ? [`in ${languageName(line.language, locale)}`] : []),
    ...(line.edited ? ['edited'] : []),
    ...(fallback ? [`decoded by the fallback ${fallback}`] : []),
  ];
  return {
    title: details.join(', '),
    ariaLabel: `Line ${number}, ${times}${line.language ? `, ${languageName(line.language, locale)}` : ''}${line.dropped ? `, text dropped (${line.dropped})` : ''}`,
    times,
    ...(fallback ? { fallback } : {}),
    ...(line.dropped ? { dropped: `no text kept (${line.dropped})` } : {}),
    ...(line.language ? { language: line.language } : {}),
  };
}
