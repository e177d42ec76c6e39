/**
 * Metrics of a streaming transcription run, computed from the timed event stream of the
 * computation-aware simulation ({@link simulateRealtime}) and a reference speech segmentation
 * ({@link referenceSpeechRegions}). All times are virtual milliseconds since capture start,
 * i.e. what a live user on the benchmark machine would see.
 *
 * Definitions (the streaming-ASR literature's; sources per function):
 * - accuracy: WER of the concatenated final texts after Whisper's English normalizer
 *   ({@link corpusWer}); files with an empty reference are scored as hallucination instead;
 * - latency: first text after speech onset, and finalization latency (end of speech to final);
 * - stability: revisions of committed (stable) words, and churn of the unstable tail;
 * - cost: real-time factor and decodes per audio second.
 */
import type { FinalEvent, PartialEvent } from '../inference-worker/protocol';
import { commonPrefixLength } from '../inference-worker/streaming/local-agreement';
import { splitWords, wordKey } from '../inference-worker/text/words';
import type { EarlyFinalCounts } from '../inference-worker/streaming/streaming-engine';
import type { DecodeRecord, TimedEvent } from '../simulation/realtime-simulation';
import type { SpeechRegion } from './reference-segmentation';
import { alignWords, corpusWer, wordErrorRate } from './wer';
import { droppedUtterances, hallucinatedWordsPerMinute, type DroppedUtterance } from './hallucination-metrics';
import { summarizeDecodeCost, type DecodeCostSummary } from './decode-cost';
import { percentile } from './percentile';

/** Re-exported: the benchmark's reports and tests take it from here. */
export { percentile };

/** What one benchmark run of one file produced; the input of {@link scoreFile}. */
export interface FileRun {
  /** Display name of the file. */
  file: string;
  /** Reference transcript; '' for audio that should give no text, null when unknown. */
  reference: string | null;
  /** Duration of the file's audio, seconds (the denominator of the per-second rates). */
  audioSeconds: number;
  /** Reference speech segmentation of the file. */
  regions: readonly SpeechRegion[];
  /** Engine events with their virtual emission times, ms. */
  events: readonly TimedEvent[];
  /** Number of Whisper decodes of the streaming run. */
  decodes: number;
  /** What each decode cost ({@link summarizeDecodeCost}); absent: not recorded. */
  decodeRecords?: readonly DecodeRecord[];
  /** Early final decodes started and made void; absent: not recorded. */
  earlyFinals?: EarlyFinalCounts;
  /** Compute time of the streaming run (decodes and VAD), ms. */
  computeMs: number;
  /** Peak resident set size sampled during the run, bytes. */
  peakRssBytes: number;
  /** Offline (long-form) transcript of the same model, the accuracy ceiling; null when not run. */
  offlineText: string | null;
  /** Transcript of the peer baseline policy; null when not run. */
  baselineText: string | null;
}

/** Metrics of one file. Latencies in ms, rates as fractions; null where undefined. */
export interface FileMetrics {
  file: string;
  reference: string | null;
  audioSeconds: number;
  /** The final texts, in order, joined by spaces. */
  transcript: string;
  offlineText: string | null;
  baselineText: string | null;
  /** Normalized reference words (0 when the reference is empty or unknown). */
  referenceWords: number;
  /** WER of {@link transcript}; null when the reference is empty or unknown. */
  wer: number | null;
  offlineWer: number | null;
  baselineWer: number | null;
  /** See {@link firstTextLatencyMs}. */
  firstPartialMs: number | null;
  /** See {@link finalizationLatenciesMs}. */
  finalLatenciesMs: number[];
  /** See {@link partialIntervalsMs}. */
  partialIntervalsMs: number[];
  partials: number;
  finals: number;
  /** See {@link stableWordRevisions}. */
  stableWordRevisions: number;
  /** See {@link finalStableRevisions}. */
  finalStableRevisions: number;
  /** See {@link unstableChurnWords}. */
  unstableChurnWords: number;
  decodes: number;
  decodeRecords: readonly DecodeRecord[];
  /** Early final decodes that speech made void; null when not recorded. */
  wastedDecodes: number | null;
  computeMs: number;
  /** Compute seconds per audio second. */
  rtf: number;
  decodesPerAudioSecond: number;
  /** Normalized words of the transcript when the reference is empty; null otherwise. */
  hallucinatedWords: number | null;
  /** The file's duration when its reference is empty (audio that should give no text), else 0; seconds. */
  nonSpeechSeconds: number;
  /** Finals with no text, see {@link droppedUtterances}. */
  droppedUtterances: DroppedUtterance[];
  peakRssMb: number;
}

/**
 * The benchmark's aggregate over files, in the JSON report's key names. WERs are corpus
 * WERs (summed edits over summed reference words, fractions 0..1) over the files with a
 * non-empty reference; latency percentiles pool the values of all files; rates divide the
 * summed compute, decodes and churned words by the summed audio seconds or reference words.
 */
export interface BenchmarkSummary extends DecodeCostSummary {
  files: number;
  audio_seconds: number;
  wer: number;
  /** null when the offline reference was not run. */
  offline_wer: number | null;
  /** null when the baseline was not run. */
  baseline_wer: number | null;
  first_partial_ms_p50: number | null;
  first_partial_ms_p95: number | null;
  final_latency_ms_p50: number | null;
  final_latency_ms_p95: number | null;
  partial_interval_ms_p50: number | null;
  stable_word_revisions: number;
  /** Stable words changed by the final (see {@link finalStableRevisions}). */
  final_stable_revisions: number;
  /** Churned unstable words per reference word. */
  unstable_churn: number;
  rtf: number;
  decodes_per_audio_second: number;
  hallucinated_words: number;
  /** Hallucinated words per minute of non-speech (files with an empty reference); null without such files. */
  hallucinated_words_per_minute: number | null;
  /** Finals with no text ({@link droppedUtterances}), all files. */
  dropped_utterances: number;
  /** Of those, the ones over reference speech in files with a reference: words possibly lost. */
  dropped_speech_utterances: number;
  peak_rss_mb: number;
  /** Early final decodes that speech made void, summed over files; null when not recorded. */
  wasted_decodes: number | null;
}

const BYTES_PER_MB = 1024 * 1024;

const partialsOf = (events: readonly TimedEvent[]) =>
  events.filter((e): e is TimedEvent & { event: PartialEvent } => e.event.type === 'partial');
const finalsOf = (events: readonly TimedEvent[]) =>
  events.filter((e): e is TimedEvent & { event: FinalEvent } => e.event.type === 'final');

/**
 * First-partial latency of a file: from the reference onset of its first speech region to the
 * first event that shows text (a partial with stable or unstable words, or a final when the
 * utterance ended before any partial). May be negative when text appears before the speech
 * (a hallucination on leading noise).
 * @returns ms, or null when the file has no reference speech or no text was ever shown
 */
export function firstTextLatencyMs(events: readonly TimedEvent[], regions: readonly SpeechRegion[]): number | null {
  if (regions.length === 0) return null;
  const first = events.find(({ event }) =>
    event.type === 'partial' ? Boolean(event.stable || event.unstable) : event.type === 'final' && Boolean(event.text),
  );
  return first ? first.atMs - regions[0].start * 1000 : null;
}

/**
 * Finalization latency of one final: the virtual time it was emitted minus the reference end
 * of the speech it covers, i.e. the end of the last reference region that overlaps the final's
 * [start, end] span, capped at the span's end (an utterance the engine split mid-speech covers
 * speech only up to its cut).
 * @param atMs virtual emission time of the final, ms
 * @returns ms, or null when the final covers no reference speech (a VAD trigger on noise)
 */
export function finalLatencyMs(atMs: number, final: FinalEvent, regions: readonly SpeechRegion[]): number | null {
  const covered = regions.filter((r) => r.start < final.end && r.end > final.start);
  if (covered.length === 0) return null;
  return atMs - Math.min(Math.max(...covered.map((r) => r.end)), final.end) * 1000;
}

/**
 * Finalization latencies of a run ({@link finalLatencyMs} of each final that covers speech).
 * @returns ms, in event order
 */
export function finalizationLatenciesMs(events: readonly TimedEvent[], regions: readonly SpeechRegion[]): number[] {
  return finalsOf(events).flatMap(({ atMs, event }) => {
    const latency = finalLatencyMs(atMs, event, regions);
    return latency === null ? [] : [latency];
  });
}

/**
 * Partial cadence: the virtual time between consecutive partials of the same utterance.
 * @returns ms, one per pair of consecutive partials
 */
export function partialIntervalsMs(events: readonly TimedEvent[]): number[] {
  const intervals: number[] = [];
  const partials = partialsOf(events);
  for (let i = 1; i < partials.length; i++) {
    if (partials[i].event.utteranceId === partials[i - 1].event.utteranceId) {
      intervals.push(partials[i].atMs - partials[i - 1].atMs);
    }
  }
  return intervals;
}

/**
 * Revisions of stable words: across consecutive partials of one utterance the stable text
 * may only grow by appending (the LocalAgreement promise, Macháček et al. 2023). For each
 * pair, the previous stable words that are not kept verbatim, at the same position, by the
 * next partial's stable words are counted (exact comparison: a change of case or punctuation
 * is a visible revision too). A correct engine scores 0.
 * @returns revised words, summed over the run
 */
export function stableWordRevisions(events: readonly TimedEvent[]): number {
  const stableSoFar = new Map<number, string[]>();
  let revised = 0;
  for (const { event } of partialsOf(events)) {
    const before = stableSoFar.get(event.utteranceId) ?? [];
    const now = splitWords(event.stable);
    let kept = 0;
    while (kept < before.length && kept < now.length && before[kept] === now[kept]) kept++;
    revised += before.length - kept;
    stableSoFar.set(event.utteranceId, now);
  }
  return revised;
}

/**
 * Stable words the final changes: for each final, the stable words of its utterance's last
 * partial that the final text does not keep, i.e. the substitutions and deletions of a minimum
 * edit-distance alignment of those stable words to the final's words ({@link alignWords}, on
 * {@link wordKey}s, as the final is a fresh decode whose case and punctuation may differ;
 * words the final adds are not counted). Not part of the LocalAgreement promise, which covers
 * partials only, but the user sees these words change when the final replaces the partial.
 * Stable words past the cut of an utterance the engine split count too: they move to the next
 * utterance.
 * @returns changed words, summed over the run
 */
export function finalStableRevisions(events: readonly TimedEvent[]): number {
  const lastStable = new Map<number, string[]>();
  let revised = 0;
  for (const { event } of events) {
    if (event.type === 'partial') lastStable.set(event.utteranceId, splitWords(event.stable).map(wordKey));
    if (event.type !== 'final') continue;
    const edits = alignWords(lastStable.get(event.utteranceId) ?? [], splitWords(event.text).map(wordKey));
    revised += edits.substitutions + edits.deletions;
  }
  return revised;
}

/**
 * Churn of the unstable tail: for each partial, the words of its unstable tail that are not
 * carried over into the next text of the same utterance (the next partial's stable + unstable
 * words, or the final text after the last partial). A tail word is carried over when it lies
 * inside the common word prefix of the two texts, words compared by
 * {@link commonPrefixLength}'s key (case and punctuation ignored). Divide by the number of
 * spoken (reference) words for the churn rate.
 * @returns churned words, summed over the run
 */
export function unstableChurnWords(events: readonly TimedEvent[]): number {
  const successorText = new Map<number, string>();
  let churned = 0;
  // Walk backwards so each event knows the text that replaces it.
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i].event;
    if (event.type === 'final') successorText.set(event.utteranceId, event.text);
    if (event.type !== 'partial') continue;
    const stable = splitWords(event.stable);
    const shown = [...stable, ...splitWords(event.unstable)];
    const next = successorText.get(event.utteranceId);
    if (next !== undefined) {
      const carried = Math.max(0, commonPrefixLength(shown, splitWords(next)) - stable.length);
      churned += shown.length - stable.length - carried;
    }
    successorText.set(event.utteranceId, shown.join(' '));
  }
  return churned;
}

/** The final texts of a run, in order, joined by spaces. */
export function finalTranscript(events: readonly TimedEvent[]): string {
  return finalsOf(events)
    .map(({ event }) => event.text)
    .filter(Boolean)
    .join(' ');
}

/** Computes every metric of one file's run. */
export function scoreFile(run: FileRun): FileMetrics {
  const transcript = finalTranscript(run.events);
  const scored = run.reference !== null && run.reference.trim() !== '';
  const werOf = (hypothesis: string | null) =>
    scored && hypothesis !== null ? wordErrorRate(run.reference!, hypothesis).wer : null;
  return {
    file: run.file,
    reference: run.reference,
    audioSeconds: run.audioSeconds,
    transcript,
    offlineText: run.offlineText,
    baselineText: run.baselineText,
    referenceWords: run.reference === null ? 0 : wordErrorRate(run.reference, '').referenceWords,
    wer: werOf(transcript),
    offlineWer: werOf(run.offlineText),
    baselineWer: werOf(run.baselineText),
    firstPartialMs: firstTextLatencyMs(run.events, run.regions),
    finalLatenciesMs: finalizationLatenciesMs(run.events, run.regions),
    partialIntervalsMs: partialIntervalsMs(run.events),
    partials: partialsOf(run.events).length,
    finals: finalsOf(run.events).length,
    stableWordRevisions: stableWordRevisions(run.events),
    finalStableRevisions: finalStableRevisions(run.events),
    unstableChurnWords: unstableChurnWords(run.events),
    decodes: run.decodes,
    decodeRecords: run.decodeRecords ?? [],
    wastedDecodes: run.earlyFinals?.wasted ?? null,
    computeMs: run.computeMs,
    rtf: run.computeMs / 1000 / run.audioSeconds,
    decodesPerAudioSecond: run.decodes / run.audioSeconds,
    // With an empty reference every hypothesis word is an insertion.
    hallucinatedWords: run.reference !== null && !scored ? wordErrorRate('', transcript).insertions : null,
    nonSpeechSeconds: run.reference !== null && !scored ? run.audioSeconds : 0,
    droppedUtterances: droppedUtterances(run.events, run.regions, run.reference),
    peakRssMb: run.peakRssBytes / BYTES_PER_MB,
  };
}

/** Aggregates per-file metrics into the benchmark summary (see {@link BenchmarkSummary}). */
export function summarize(files: readonly FileMetrics[]): BenchmarkSummary {
  const scored = files.filter((f) => f.wer !== null);
  const corpus = (text: (f: FileMetrics) => string | null) =>
    scored.every((f) => text(f) !== null)
      ? corpusWer(scored.map((f) => ({ reference: f.reference!, hypothesis: text(f)! }))).wer
      : null;
  const sum = (value: (f: FileMetrics) => number) => files.reduce((total, f) => total + value(f), 0);
  const audioSeconds = sum((f) => f.audioSeconds);
  const firstPartials = files.flatMap((f) => (f.firstPartialMs === null ? [] : [f.firstPartialMs]));
  const finalLatencies = files.flatMap((f) => f.finalLatenciesMs);
  return {
    files: files.length,
    audio_seconds: audioSeconds,
    wer: corpus((f) => f.transcript)!,
    offline_wer: corpus((f) => f.offlineText),
    baseline_wer: corpus((f) => f.baselineText),
    first_partial_ms_p50: percentile(firstPartials, 50),
    first_partial_ms_p95: percentile(firstPartials, 95),
    final_latency_ms_p50: percentile(finalLatencies, 50),
    final_latency_ms_p95: percentile(finalLatencies, 95),
    partial_interval_ms_p50: percentile(files.flatMap((f) => f.partialIntervalsMs), 50),
    stable_word_revisions: sum((f) => f.stableWordRevisions),
    final_stable_revisions: sum((f) => f.finalStableRevisions),
    unstable_churn: sum((f) => f.unstableChurnWords) / Math.max(1, sum((f) => f.referenceWords)),
    rtf: sum((f) => f.computeMs) / 1000 / audioSeconds,
    decodes_per_audio_second: sum((f) => f.decodes) / audioSeconds,
    hallucinated_words: sum((f) => f.hallucinatedWords ?? 0),
    hallucinated_words_per_minute: hallucinatedWordsPerMinute(sum((f) => f.hallucinatedWords ?? 0), sum((f) => f.nonSpeechSeconds)),
    dropped_utterances: sum((f) => f.droppedUtterances.length),
    dropped_speech_utterances: sum((f) => f.droppedUtterances.filter((d) => d.reference !== '').length),
    peak_rss_mb: Math.max(0, ...files.map((f) => f.peakRssMb)),
    ...summarizeDecodeCost(files.flatMap((f) => f.decodeRecords)),
    wasted_decodes: files.some((f) => f.wastedDecodes !== null) ? sum((f) => f.wastedDecodes ?? 0) : null,
  };
}
