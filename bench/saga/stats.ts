import { distribution } from '../support/measure';

/**
 * Nearest-rank percentiles in ms, rounded to 0.01; null where there is no number to give: no
 * sample, or (latency) a percentile that falls on a lost order, slower than anything measured.
 */
export type Stats = Readonly<{
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}>;

export function stats(values: readonly number[]): Stats {
  const d = distribution(values);
  const r = (v: number) => (Number.isFinite(v) ? round(v) : null);
  return {
    count: d.count,
    p50: r(d.p50),
    p95: r(d.p95),
    p99: r(d.p99),
    max: r(d.max),
    mean: r(d.mean),
  };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
