/**
 * Picks where to split an over-long utterance: among frames from `fromFrame` on (the last
 * one excluded), the quietest frame the VAD calls non-speech (probability below
 * `negativeThreshold`), i.e. a pause; when there is no pause, the lowest-energy frame.
 *
 * @param probabilities per-frame Silero speech probability, 0..1
 * @param rms per-frame RMS level, same length
 * @returns the chosen frame index (≥ `fromFrame` when possible, else the last frame but one)
 */
export function quietestFrame(
  probabilities: readonly number[],
  rms: readonly number[],
  fromFrame: number,
  negativeThreshold: number,
): number {
  const last = probabilities.length - 2;
  let best = Math.max(0, Math.min(fromFrame, last));
  const score = (i: number) => (probabilities[i] < negativeThreshold ? 0 : 1) * 10 + rms[i];
  for (let i = best + 1; i <= last; i++) if (score(i) < score(best)) best = i;
  return best;
}
