/**
 * What the hallucination guards are measured by: words shown for audio that is not speech
 * (per minute of it), and utterances whose final came out empty, so that a guard that drops
 * speech is counted and never silent.
 */
import type { TimedEvent } from '../simulation/realtime-simulation';
import type { SpeechRegion } from './reference-segmentation';

/** One utterance whose final has no text. */
export interface DroppedUtterance {
  /** Utterance span, seconds since capture start. */
  start: number;
  end: number;
  /** The guard's reason when the engine forwarded it (`FinalEvent.dropped`); null otherwise (an empty decode, or an engine that does not forward it). */
  reason: string | null;
  /** Reference speech inside the span, seconds (regions of {@link referenceSpeechRegions} overlapping it). */
  speechSeconds: number;
  /** The file's reference when the span holds reference speech ('' when it holds none): the words that may be lost. */
  reference: string;
}

/**
 * The finals of a run that have no text: every utterance the VAD opened whose text the guards
 * dropped, or that Whisper decoded to nothing (or to non-speech annotations only). On
 * non-speech these are the guards working; over reference speech they may be lost words, and
 * carry the file's reference so that a report can show which.
 * @param reference the file's reference transcript ('' or null: no speech expected)
 */
export function droppedUtterances(events: readonly TimedEvent[], regions: readonly SpeechRegion[], reference: string | null): DroppedUtterance[] {
  return events.flatMap(({ event }) => {
    if (event.type !== 'final' || event.text.trim() !== '') return [];
    const speechSeconds = regions.reduce((sum, r) => sum + Math.max(0, Math.min(r.end, event.end) - Math.max(r.start, event.start)), 0);
    return [{ start: event.start, end: event.end, reason: event.dropped ?? null, speechSeconds, reference: speechSeconds > 0 ? (reference ?? '') : '' }];
  });
}

/**
 * Hallucinated words per minute of non-speech audio: words shown for files whose reference is
 * empty, over those files' duration.
 * @param hallucinatedWords summed over the non-speech files
 * @param nonSpeechSeconds their summed duration, seconds
 * @returns words per minute; null when there was no non-speech audio
 */
export function hallucinatedWordsPerMinute(hallucinatedWords: number, nonSpeechSeconds: number): number | null {
  return nonSpeechSeconds > 0 ? hallucinatedWords / (nonSpeechSeconds / 60) : null;
}
