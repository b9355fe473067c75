import { percentile, spread, type Spread } from '../push/measure.js';

/** p50, p99 and max of `values` (ms), NaN when there are none. */
export function latencies(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}

/** How often each code occurs, e.g. `{ RATE_LIMITED: 12 }`. */
export function tally(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/** Median with min–max over rounds; a figure a round could not measure (NaN, or null from JSON) is left out. */
export function spreadOf(values: Array<number | null>): Spread {
  const known = values.filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  );
  return spread(known);
}
