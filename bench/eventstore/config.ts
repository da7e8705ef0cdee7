/** How much work each phase does; the same for every store in a run. */
/**
 * Append phases run in `rounds`; each round gives every store one slice (warm-up, then the
 * measured window), in rotating order. Load from outside the benchmark comes and goes within
 * seconds on a shared machine; interleaving spreads it over all stores instead of one.
 */
export type AppendPhase = Readonly<{
  writers: number;
  eventsPerAppend: number;
  /** A writer moves on to a new stream once its stream holds this many events. */
  eventsPerStream: number;
  rounds: number;
  /** Per slice. */
  warmupMs: number;
  /** Per slice. */
  durationMs: number;
}>;

/** Each round reads the next events/rounds events of $all, continuing where the last stopped. */
export type ReadPhase = Readonly<{
  /** Read this many events of $all from the start; stores are topped up to hold at least this. */
  events: number;
  batchSize: number;
  /** Read once from the start before the measured rounds. */
  warmupEvents: number;
  rounds: number;
}>;

/** Each round starts a fresh subscriber and appends appends/rounds events after its warm-up. */
export type LivePhase = Readonly<{
  /** Measured appends, over all rounds. */
  appends: number;
  /** Per round; long enough for a polling consumer to settle into its steady rhythm. */
  warmupAppends: number;
  ratePerSecond: number;
  /** How long to wait for stragglers after the last append of a round. */
  settleMs: number;
  rounds: number;
}>;

export type EventStoreBenchConfig = Readonly<{
  /** pg Pool size of every store (and of the ceiling): enough for the widest phase. */
  poolSize: number;
  single: AppendPhase;
  concurrent: AppendPhase;
  batched: AppendPhase;
  read: ReadPhase;
  live: LivePhase;
}>;

const oneEvent = { eventsPerAppend: 1, eventsPerStream: 20 };
const hundredEvents = { eventsPerAppend: 100, eventsPerStream: 1_000 };

/** About two minutes on 2 cores, a third of it Emmett's $all read. */
export const FULL_RUN: EventStoreBenchConfig = {
  poolSize: 16,
  single: { ...oneEvent, writers: 1, rounds: 5, warmupMs: 250, durationMs: 1_000 },
  concurrent: { ...oneEvent, writers: 16, rounds: 5, warmupMs: 400, durationMs: 1_600 },
  batched: { ...hundredEvents, writers: 4, rounds: 5, warmupMs: 300, durationMs: 1_200 },
  read: { events: 200_000, batchSize: 1_000, warmupEvents: 10_000, rounds: 4 },
  live: { appends: 2_000, warmupAppends: 200, ratePerSecond: 250, settleMs: 5_000, rounds: 4 },
};

export const QUICK_RUN: EventStoreBenchConfig = {
  ...FULL_RUN,
  single: { ...FULL_RUN.single, rounds: 2, durationMs: 600 },
  concurrent: { ...FULL_RUN.concurrent, rounds: 2, durationMs: 800 },
  batched: { ...FULL_RUN.batched, rounds: 2, durationMs: 800 },
  read: { events: 50_000, batchSize: 1_000, warmupEvents: 2_000, rounds: 2 },
  live: { appends: 500, warmupAppends: 200, ratePerSecond: 250, settleMs: 3_000, rounds: 2 },
};

/** For the smoke test: every code path, no meaningful numbers. */
export const SMOKE_RUN: EventStoreBenchConfig = {
  poolSize: 4,
  single: { ...oneEvent, writers: 1, rounds: 2, warmupMs: 50, durationMs: 100 },
  concurrent: { ...oneEvent, writers: 4, rounds: 1, warmupMs: 50, durationMs: 100 },
  batched: { ...hundredEvents, writers: 2, rounds: 1, warmupMs: 50, durationMs: 100 },
  read: { events: 500, batchSize: 100, warmupEvents: 50, rounds: 2 },
  live: { appends: 20, warmupAppends: 2, ratePerSecond: 100, settleMs: 3_000, rounds: 1 },
};
