/**
 * Moving Whisper token sequences between audio windows, to turn one decode's tokens into the
 * draft of a later decode whose audio starts elsewhere. Timestamp tokens count from their
 * window's start: `timestampBegin + k` is k × {@link TIMESTAMP_SECONDS} s (openai/whisper
 * `tokenizer.py`), so a sequence moved to a window that starts `d` seconds earlier has every
 * timestamp raised by d / 0.02 steps.
 *
 * A draft only saves decoder passes (see `whisper-decoder.ts`): whatever these functions
 * return, the decode's output is the same, so they may be approximate but never throw on
 * odd sequences.
 */

/** Seconds per timestamp step: Whisper's 30 s window over its 1500 encoder positions. */
export const TIMESTAMP_SECONDS = 0.02;
/** The last timestamp token's step: 30.00 s. */
const LAST_TIMESTAMP_STEP = 1500;

/** Timestamp steps in `seconds`, rounded to the nearest step. */
export function timestampSteps(seconds: number): number {
  return Math.round(seconds / TIMESTAMP_SECONDS);
}

/**
 * Shifts every timestamp of `tokens` by `steps` (negative: earlier). The sequence is cut
 * before the first timestamp that would fall outside 0.00–30.00 s.
 * @param timestampBegin id of `<|0.00|>` in the model's vocabulary
 */
export function shiftTimestamps(tokens: readonly number[], steps: number, timestampBegin: number): number[] {
  const out: number[] = [];
  for (const token of tokens) {
    if (token < timestampBegin) {
      out.push(token);
      continue;
    }
    const step = token - timestampBegin + steps;
    if (step < 0 || step > LAST_TIMESTAMP_STEP) break;
    out.push(timestampBegin + step);
  }
  return out;
}

/**
 * Splits `tokens` where the segment starting at `seconds` begins: at the timestamp token of
 * that time which opens a segment (the first token, or one after another timestamp).
 * @returns the tokens before that segment and the tokens from it on, or null when no
 *   segment starts at that time
 */
export function splitAtSegmentStart(
  tokens: readonly number[],
  seconds: number,
  timestampBegin: number,
): { before: number[]; after: number[] } | null {
  const target = timestampBegin + timestampSteps(seconds);
  for (let i = 0; i < tokens.length; i++) {
    const opensSegment = i === 0 || tokens[i - 1] >= timestampBegin;
    if (tokens[i] === target && opensSegment) return { before: tokens.slice(0, i), after: tokens.slice(i) };
  }
  return null;
}
