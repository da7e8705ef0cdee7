import { type ProjectionsBenchConfig } from './config';
import { type GeneratedStore } from './generate';
import { type LiveLatency } from './live-probe';
import { type ReadWindow } from './read-load';
import { type ReadPass, type RebuildRun } from './rebuild-session';

export type StoreSize = Readonly<{
  events: number;
  streams: number;
  bytes: number;
  dataBytes: number;
  metadataBytes: number;
}>;

/** The raw measurements, saved with the report. */
export type ProjectionsBenchResults = Readonly<{
  config: ProjectionsBenchConfig;
  generated: GeneratedStore;
  store: StoreSize;
  reads: readonly ReadPass[];
  readAndUpcast: ReadPass;
  /** Events per second of the timed read passes together. */
  readRate: number;
  rebuildAll: RebuildRun;
  /** A live append's delivery to a subscriber: usually (idle) and during `rebuild all`. */
  live: Readonly<{ idle: LiveLatency; rebuildAll: LiveLatency }>;
  alone: readonly RebuildRun[];
  /** With --profile, or when the rebuild fell short: one more `rebuild all`, profiled. */
  profiled: RebuildRun | null;
  /** rebuild all events/s over readRate. */
  share: number;
  verdict: 'PASS' | 'SHORT';
  tableRows: Readonly<Record<string, number>>;
  search: { word: string; matches: number };
  customers: { sampled: number; ordersEach: { min: number; median: number; max: number } };
  paidOrders: number;
  readApi: readonly ReadWindow[];
  /** What limits the rebuild, from this run's measurements. */
  limits: readonly string[];
}>;
