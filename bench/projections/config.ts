/** How much work `npm run bench -- projections` does. */
export type ProjectionsBenchConfig = Readonly<{
  /** Events to generate (the last simulated round completes, so a few more). `--events N`. */
  events: number;
  /** Events per $all query, for the rebuild and for the raw read (the CLI's default). */
  batchSize: number;
  /** Appends in flight while generating. */
  writers: number;
  /** The shop simulation's seed: the same seed and size make the same shop. */
  seed: number;
  /**
   * Timed read passes over $all (1 to 3: before rebuild all, after it, after the projections
   * alone); the rate is their mean.
   */
  readPasses: number;
  /** autocannon connections of each read API workload. */
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** One live append every so often, timed to a subscriber, idle and during `rebuild all`. */
  probeIntervalMs: number;
  /** How long the idle probe (the usual latency) runs before the rebuild. */
  probeIdleSeconds: number;
}>;

/** One store of a million events; about 10 minutes on 2 cores once the store is cached. */
export const FULL_RUN: ProjectionsBenchConfig = {
  events: 1_000_000,
  batchSize: 2_000,
  writers: 16,
  seed: 20_260_105,
  readPasses: 3,
  connections: 32,
  warmupSeconds: 2,
  durationSeconds: 10,
  probeIntervalMs: 50,
  probeIdleSeconds: 10,
};

/** `--quick`: a small store and short windows, a quick look, not numbers to quote. */
export const QUICK_RUN: ProjectionsBenchConfig = {
  ...FULL_RUN,
  events: 50_000,
  warmupSeconds: 1,
  durationSeconds: 3,
};

/** For the smoke test: every code path, no meaningful numbers. */
export const SMOKE_RUN: ProjectionsBenchConfig = {
  ...FULL_RUN,
  events: 4_000,
  batchSize: 500,
  writers: 4,
  readPasses: 1,
  connections: 4,
  warmupSeconds: 0.3,
  durationSeconds: 1,
  probeIdleSeconds: 1,
};
