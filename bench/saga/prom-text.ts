/**
 * Just enough of the Prometheus text format to difference two scrapes of a process's /metrics:
 * counters and histograms between the edges of a window, with quantiles interpolated inside a
 * bucket the way PromQL's histogram_quantile does (so a p99 is only as fine as the buckets).
 */
export type Sample = Readonly<{
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}>;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value.replace(/\\(.)/g, '$1');
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export type HistogramDelta = Readonly<{
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** True when the p99 fell in the +Inf bucket: the value shown is the largest finite bound. */
  p99AboveBuckets: boolean;
}>;

const matches = (sample: Sample, name: string, labels: Readonly<Record<string, string>>) =>
  sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v);

/** A counter's growth between two scrapes, summed over every series carrying `labels`. */
export function counterDelta(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const total = (samples: readonly Sample[]) =>
    samples.filter((s) => matches(s, name, labels)).reduce((sum, s) => sum + s.value, 0);
  return total(after) - total(before);
}

/** A histogram's observations between two scrapes, all series carrying `labels` together. */
export function histogramDelta(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): HistogramDelta {
  const count = counterDelta(before, after, `${name}_count`, labels);
  const sum = counterDelta(before, after, `${name}_sum`, labels);
  const buckets = new Map<number, number>();
  const add = (samples: readonly Sample[], sign: number) => {
    for (const s of samples) {
      if (!matches(s, `${name}_bucket`, labels)) continue;
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + sign * s.value);
    }
  };
  add(after, 1);
  add(before, -1);
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const quantile = (q: number): { ms: number | null; above: boolean } => {
    if (count <= 0) return { ms: null, above: false };
    const rank = q * count;
    let lower = 0;
    let below = 0;
    for (const bound of bounds) {
      const cumulative = buckets.get(bound)!;
      if (cumulative >= rank) {
        if (bound === Infinity) return { ms: lower * 1_000, above: true };
        const inBucket = cumulative - below;
        const fraction = inBucket > 0 ? (rank - below) / inBucket : 1;
        return { ms: (lower + (bound - lower) * fraction) * 1_000, above: false };
      }
      lower = bound;
      below = cumulative;
    }
    return { ms: lower * 1_000, above: true };
  };
  const p99 = quantile(0.99);
  return {
    count,
    meanMs: count > 0 ? (sum / count) * 1_000 : null,
    p50Ms: quantile(0.5).ms,
    p99Ms: p99.ms,
    p99AboveBuckets: p99.above,
  };
}
