/**
 * Nearest-rank percentile (the smallest value with at least p% of the values at or below it): always one of the
 * observed values, never an interpolation, so a median of durations is a duration some case really took, and the
 * SQL path can match it with Postgres's `percentile_disc(p / 100)`. Null when there is nothing to measure (never
 * NaN). `p` is a percent in (0, 100]; the rank is computed from integers so that 90 % of 30 is rank 27, not 28.
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortedFinite(values), p);
}

function sortedFinite(values: readonly number[]): Float64Array {
  // A typed array sorts numerically without a comparator: thousands of durations per figure.
  return Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
}

function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile is in (0, 100], got ${p}`);
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1] as number;
}

/** The 50th nearest-rank percentile: for an even count, the lower of the two middle values (see `percentile`). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/** How many durations, their median and 90th percentile: the figures every metric reports (never an average alone). */
export interface TDurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export function durationStats(values: readonly number[]): TDurationStats {
  const sorted = sortedFinite(values);
  return {
    count: sorted.length,
    medianMs: percentileOfSorted(sorted, 50),
    p90Ms: percentileOfSorted(sorted, 90),
  };
}

/** A share in [0, 1], or null when the denominator is 0 (no NaN in a serialised summary). */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
