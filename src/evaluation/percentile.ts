/**
 * Percentile with linear interpolation between closest ranks (NumPy's default `linear`
 * method, Hyndman & Fan type 7): rank p·(n−1) in the sorted values.
 * @param values any order
 * @param p percentile, 0..100
 * @returns null for no values
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
