/**
 * Cost of the decodes of a benchmark run, from the per-decode records of the computation-aware
 * simulation ({@link DecodeRecord}): where a decode's time goes (encoder, decoder passes) and
 * how much of its draft the draft verification accepted. Records whose transcriber did not
 * report a counter (null) are left out of the figures that need it; a figure with no record
 * to compute it from is null.
 */
import type { DecodeRecord } from '../simulation/realtime-simulation';
import { percentile } from './percentile';

/** The decode-cost keys of the benchmark's JSON report. */
export interface DecodeCostSummary {
  /** Median wall time of a decode's encoder pass (log-mel features included), ms. */
  encoder_ms_p50: number | null;
  /** Median over decodes of decoderMs / decoderPasses: the cost of one decoder forward pass, ms. */
  decoder_pass_ms_p50: number | null;
  /** Mean decoder passes per decode, over all decodes. */
  decoder_passes_per_decode: number | null;
  /** The same over the decodes whose result became a final. */
  decoder_passes_per_final: number | null;
  /** The same over the decodes whose result became a partial. */
  decoder_passes_per_partial: number | null;
  /** Draft tokens accepted over draft tokens offered, summed over decodes (0..1). */
  draft_tokens_accepted: number | null;
  /** Decodes the engine cancelled before they ended (`preemptDecodes`): their passes count up to the stop. */
  cancelled_decodes: number;
}

/**
 * Summarizes decode records (of one file or pooled over files).
 * @param records any order
 */
export function summarizeDecodeCost(records: readonly DecodeRecord[]): DecodeCostSummary {
  const known = <K extends keyof DecodeRecord>(key: K, from: readonly DecodeRecord[] = records) =>
    from.flatMap((r) => (r[key] === null ? [] : [r[key] as number]));
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const passesOf = (use: DecodeRecord['use']) => mean(known('decoderPasses', records.filter((r) => r.use === use)));
  const passMs = records.flatMap((r) => (r.decoderMs !== null && r.decoderPasses ? [r.decoderMs / r.decoderPasses] : []));
  const drafted = records.filter((r) => r.draftTokens !== null && r.draftAccepted !== null);
  const draftTokens = drafted.reduce((total, r) => total + r.draftTokens!, 0);
  return {
    encoder_ms_p50: percentile(known('encoderMs'), 50),
    decoder_pass_ms_p50: percentile(passMs, 50),
    decoder_passes_per_decode: mean(known('decoderPasses')),
    decoder_passes_per_final: passesOf('final'),
    decoder_passes_per_partial: passesOf('partial'),
    draft_tokens_accepted: draftTokens === 0 ? null : drafted.reduce((total, r) => total + r.draftAccepted!, 0) / draftTokens,
    cancelled_decodes: records.filter((r) => r.cancelled).length,
  };
}
