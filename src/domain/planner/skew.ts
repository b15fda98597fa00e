/**
 * Skew figures of a distribution over datanodes. max/mean says how much hotter the hottest
 * datanode is than an even share; the coefficient of variation (population standard deviation
 * over mean) says how uneven the whole spread is. Both are 0-based: 1 and 0 mean even.
 */
export interface Skew {
  total: number;
  mean: number;
  max: number;
  min: number;
  /** max / mean; 1 when even, and when there is nothing at all. */
  maxOverMean: number;
  /** Coefficient of variation; 0 when even or empty. */
  cv: number;
}

export function skewOf(values: readonly number[]): Skew {
  if (values.length === 0) return { total: 0, mean: 0, max: 0, min: 0, maxOverMean: 1, cv: 0 };
  let total = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) {
    total += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const mean = total / values.length;
  if (mean === 0) return { total, mean, max, min, maxOverMean: 1, cv: 0 };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const cv = Math.sqrt(squares / values.length) / mean;
  return { total, mean, max, min, maxOverMean: max / mean, cv };
}
