import { describe, expect, it } from 'vitest';
import { shiftTimestamps, splitAtSegmentStart, timestampSteps } from '../../../src/inference-worker/asr/draft-tokens';

/** tiny.en's `<|0.00|>`; text tokens are below it. */
const T = 50363;
const ts = (seconds: number) => T + timestampSteps(seconds);

describe('draft token moves between windows', () => {
  // "<|0.00|> And so <|2.40|><|2.40|> my fellow <|5.00|><|5.20|> Americans <|7.00|>"
  const tokens = [ts(0), 400, 523, ts(2.4), ts(2.4), 616, 7177, ts(5), ts(5.2), 4521, ts(7)];

  it('shifts timestamps and leaves text tokens alone', () => {
    expect(shiftTimestamps(tokens, timestampSteps(1), T)).toEqual([ts(1), 400, 523, ts(3.4), ts(3.4), 616, 7177, ts(6), ts(6.2), 4521, ts(8)]);
  });

  it('cuts the sequence before a timestamp that leaves 0–30 s', () => {
    expect(shiftTimestamps(tokens, -timestampSteps(2.4), T)).toEqual([]);
    expect(shiftTimestamps(tokens, timestampSteps(24), T)).toEqual([ts(24), 400, 523, ts(26.4), ts(26.4), 616, 7177, ts(29), ts(29.2), 4521]);
  });

  it('splits at the timestamp that opens a segment, not at the one that closes the previous', () => {
    expect(splitAtSegmentStart(tokens, 2.4, T)).toEqual({ before: tokens.slice(0, 4), after: tokens.slice(4) });
    expect(splitAtSegmentStart(tokens, 5.2, T)).toEqual({ before: tokens.slice(0, 8), after: tokens.slice(8) });
    // 5.00 only closes a segment: no segment starts there
    expect(splitAtSegmentStart(tokens, 5, T)).toBeNull();
    expect(splitAtSegmentStart(tokens, 0, T)).toEqual({ before: [], after: tokens });
  });
});
