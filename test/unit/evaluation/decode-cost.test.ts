import { describe, expect, it } from 'vitest';
import { summarizeDecodeCost } from '../../../src/evaluation/decode-cost';
import type { DecodeRecord } from '../../../src/simulation/realtime-simulation';

const record = (overrides: Partial<DecodeRecord>): DecodeRecord => ({
  startedAtMs: 0,
  computeMs: 1000,
  audioSeconds: 2,
  use: 'final',
  decodeMs: 1000,
  encoderMs: 500,
  decoderMs: 400,
  decoderPasses: 10,
  draftTokens: 0,
  draftAccepted: 0,
  cancelled: false,
  ...overrides,
});

describe('summarizeDecodeCost', () => {
  it('splits decoder passes by what the decode became and pools the draft acceptance', () => {
    const s = summarizeDecodeCost([
      record({ use: 'final', encoderMs: 400, decoderMs: 300, decoderPasses: 3, draftTokens: 20, draftAccepted: 18 }),
      record({ use: 'partial', encoderMs: 600, decoderMs: 400, decoderPasses: 10, draftTokens: 10, draftAccepted: 2 }),
      record({ use: 'partial', encoderMs: 500, decoderMs: 250, decoderPasses: 5, draftTokens: 0, draftAccepted: 0 }),
      record({ use: 'none', encoderMs: 700, decoderMs: 80, decoderPasses: 2, draftTokens: 0, draftAccepted: 0, cancelled: true }),
    ]);
    expect(s.encoder_ms_p50).toBe(550);
    // Per-pass times 100, 40, 50, 40 ms: median 45.
    expect(s.decoder_pass_ms_p50).toBe(45);
    expect(s.decoder_passes_per_decode).toBe(5);
    expect(s.decoder_passes_per_final).toBe(3);
    expect(s.decoder_passes_per_partial).toBe(7.5);
    expect(s.draft_tokens_accepted).toBeCloseTo(20 / 30, 12);
    expect(s.cancelled_decodes).toBe(1);
  });

  it('gives null where the transcriber reported nothing (no counters, no drafts)', () => {
    const bare = record({ encoderMs: null, decoderMs: null, decoderPasses: null, draftTokens: null, draftAccepted: null });
    expect(summarizeDecodeCost([bare, { ...bare, use: 'partial' }])).toEqual({
      encoder_ms_p50: null,
      decoder_pass_ms_p50: null,
      decoder_passes_per_decode: null,
      decoder_passes_per_final: null,
      decoder_passes_per_partial: null,
      draft_tokens_accepted: null,
      cancelled_decodes: 0,
    });
    expect(summarizeDecodeCost([record({ draftTokens: 0, draftAccepted: 0 })]).draft_tokens_accepted).toBeNull();
    expect(summarizeDecodeCost([]).decoder_passes_per_decode).toBeNull();
  });
});
