import { type CpuSplit, cpuMeter, processCpuSeconds } from '../support/measure';
import { type PgProfiler, type StatementStat } from '../support/pg-profile';
import { processMemory, resetPeak } from '../support/process-memory';
import {
  type HistogramDelta,
  type Sample,
  counterDelta,
  histogramDelta,
  parseSamples,
} from './prom-text';
import { type MetricsEndpoint } from './topology';

/** A process whose CPU and memory a window reports: a shopstream child or a local server. */
export type Watched = Readonly<{ name: string; pid: number; kind: 'shopstream' | 'service' }>;

export type ProcessUse = Readonly<{
  name: string;
  kind: Watched['kind'];
  cores: number | null;
  /** VmHWM over the window (or since the process started, when `peakIsWindow` is false). */
  peakMiB: number | null;
  peakIsWindow: boolean;
  /** VmRSS as the window closed. */
  endMiB: number | null;
}>;

/** The meter's split with our processes taken out of `other`. */
export type WindowCpu = CpuSplit & Readonly<{ shopstreamCores: number; servicesCores: number }>;

export type MetricReading = HistogramDelta & Readonly<{ process: string; eventsPerBatch?: number }>;

export type ProbeResult = Readonly<{
  cpu: WindowCpu | null;
  processes: readonly ProcessUse[];
  /** The histograms of PICKS, by key, from whichever process serves them. */
  metrics: Readonly<Record<string, MetricReading>>;
  /** Growth of the database's counters over the window (multi-process only). */
  pg: Readonly<Record<string, number>> | null;
  /** With --profile (multi-process): the window's top statements by total time, and all. */
  statements: readonly StatementStat[] | null;
  statementTotals: Readonly<{ calls: number; totalMs: number }> | null;
}>;

type Pick = Readonly<{
  roles: readonly MetricsEndpoint['role'][];
  name: string;
  labels: Readonly<Record<string, string>>;
  /** A counter of events, for events per batch. */
  events?: Readonly<{ name: string; labels: Readonly<Record<string, string>> }>;
}>;

const WORKERS = ['read', 'worker'] as const;

/** What each hop's own process says about it (see the README for what each one covers). */
export const PICKS: Readonly<Record<string, Pick>> = {
  'place-order HTTP': {
    roles: ['write'],
    name: 'http_request_duration_seconds',
    labels: { method: 'POST', route: '/api/v1/orders' },
  },
  'place-order command': {
    roles: ['write'],
    name: 'command_duration_seconds',
    labels: { category: 'order' },
  },
  'relay publish batch': {
    roles: WORKERS,
    name: 'relay_publish_batch_seconds',
    labels: {},
    events: { name: 'relay_published_events_total', labels: {} },
  },
  'saga decision': {
    roles: WORKERS,
    name: 'process_manager_decision_seconds',
    labels: { manager: 'order-reservation' },
  },
  'reserve command': {
    roles: WORKERS,
    name: 'command_duration_seconds',
    labels: { category: 'inventory' },
  },
  'confirm command': {
    roles: WORKERS,
    name: 'command_duration_seconds',
    labels: { category: 'order' },
  },
  'notification decision': {
    roles: WORKERS,
    name: 'process_manager_decision_seconds',
    labels: { manager: 'notification-dispatch' },
  },
  'orders projection batch': {
    roles: WORKERS,
    name: 'projection_batch_duration_seconds',
    labels: { projection: 'orders' },
    events: { name: 'projection_events_total', labels: { projection: 'orders' } },
  },
  'poll GET /orders/:id': {
    roles: ['read'],
    name: 'http_request_duration_seconds',
    labels: { method: 'GET', route: '/api/v1/orders/:id' },
  },
};

/**
 * Reads everything at the window's edges: CPU per process and the machine's split, memory
 * peaks (reset as the window opens), and each /metrics endpoint (two scrapes per window; a
 * scrape runs a few status queries, nothing per order).
 */
export function windowProbe(
  watched: readonly Watched[],
  endpoints: readonly MetricsEndpoint[],
  postmasterPid: number | null,
  pgCounters?: () => Promise<Record<string, number>>,
  profiler?: PgProfiler | null,
) {
  let stopMeter: (() => CpuSplit | null) | undefined;
  let startedAt = 0;
  let cpuBefore: (number | null)[] = [];
  let peakReset: boolean[] = [];
  let scrapesBefore: Sample[][] = [];
  let started: Promise<void> | undefined;
  let pgBefore: Record<string, number> | undefined;
  const start = async () => {
    peakReset = watched.map((w) => resetPeak(w.pid));
    cpuBefore = watched.map((w) => processCpuSeconds(w.pid));
    startedAt = performance.now();
    stopMeter = cpuMeter(postmasterPid).start();
    await profiler?.reset();
    [scrapesBefore, pgBefore] = await Promise.all([scrapeAll(endpoints), pgCounters?.()]);
  };
  return {
    /** CPU and memory at once; the scrapes after (on a saturated process they take seconds). */
    start(): Promise<void> {
      started = start();
      return started;
    },
    async end(): Promise<ProbeResult> {
      await started;
      const split = stopMeter?.() ?? null;
      const seconds = (performance.now() - startedAt) / 1_000;
      const processes = watched.map((w, i): ProcessUse => {
        const after = processCpuSeconds(w.pid);
        const before = cpuBefore[i];
        const memory = processMemory(w.pid);
        return {
          name: w.name,
          kind: w.kind,
          cores: after === null || before === null ? null : round((after - before) / seconds),
          peakMiB: memory?.peakMiB ?? null,
          peakIsWindow: peakReset[i],
          endMiB: memory?.rssMiB ?? null,
        };
      });
      const [scrapesAfter, pgAfter, statements, statementTotals] = await Promise.all([
        scrapeAll(endpoints),
        pgCounters?.(),
        // Forty: the cheap, frequent statements (checkpoints, claims) are the ones to count per order.
        profiler?.top(40),
        profiler?.totals(),
      ]);
      const before = pgBefore;
      return {
        cpu: cpuOf(split, processes),
        processes,
        metrics: pickAll(endpoints, scrapesBefore, scrapesAfter),
        pg:
          before && pgAfter
            ? Object.fromEntries(Object.keys(pgAfter).map((k) => [k, pgAfter[k] - before[k]]))
            : null,
        statements: statements ?? null,
        statementTotals: statementTotals ?? null,
      };
    },
  };
}

async function scrapeAll(endpoints: readonly MetricsEndpoint[]): Promise<Sample[][]> {
  return Promise.all(
    endpoints.map(async ({ url }) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      return parseSamples(await response.text());
    }),
  );
}

function pickAll(
  endpoints: readonly MetricsEndpoint[],
  before: readonly Sample[][],
  after: readonly Sample[][],
): Record<string, MetricReading> {
  const readings: Record<string, MetricReading> = {};
  for (const [key, pick] of Object.entries(PICKS)) {
    for (const [i, endpoint] of endpoints.entries()) {
      if (!pick.roles.includes(endpoint.role)) continue;
      const delta = histogramDelta(before[i], after[i], pick.name, pick.labels);
      if (delta.count <= 0) continue;
      const events = pick.events
        ? counterDelta(before[i], after[i], pick.events.name, pick.events.labels)
        : undefined;
      readings[key] = {
        ...delta,
        process: endpoint.process,
        ...(events === undefined ? {} : { eventsPerBatch: round(events / delta.count) }),
      };
      break;
    }
  }
  return readings;
}

function cpuOf(split: CpuSplit | null, processes: readonly ProcessUse[]): WindowCpu | null {
  if (!split) return null;
  const sum = (kind: ProcessUse['kind']) =>
    processes.filter((p) => p.kind === kind).reduce((total, p) => total + (p.cores ?? 0), 0);
  const shopstreamCores = sum('shopstream');
  const servicesCores = sum('service');
  return {
    ...split,
    shopstreamCores: round(shopstreamCores),
    servicesCores: round(servicesCores),
    otherCores: round(Math.max(0, split.otherCores - shopstreamCores - servicesCores)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
