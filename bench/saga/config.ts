/** How the sweep (confirmation-sweep.ts) pages the confirmed orders. */
export type SweepSettings = Readonly<{
  /**
   * The shortest time from one sweep's start to the next one's. Sweeps never overlap, so a
   * slow read API is asked less often, never more: one request in flight at most.
   */
  intervalMs: number;
  /** How often rejected orders are looked for (they should not happen with ample stock). */
  rejectedEveryMs: number;
}>;

/** How the control (control-poll.ts) polls its sample. */
export type ControlSettings = Readonly<{
  /** One order in `every` is also polled one by one. */
  every: number;
  /** The shortest gap between two polls of one order (its first poll waits this long too). */
  minIntervalMs: number;
  /** Older orders are polled less often: every max(minIntervalMs, age x ageFraction). */
  ageFraction: number;
  /** Polls in flight at once. */
  maxConcurrent: number;
}>;

/** How much work `npm run bench -- saga` does; index.ts runs it, window.ts measures one rate. */
export type TopologyKind = 'multi-process' | 'embedded';

/** How the read API is watched: the sweep for every order, GET /orders/{id} for a sample. */
export type PollSettings = Readonly<{ sweep: SweepSettings; control: ControlSettings }>;

export type SagaBenchConfig = Readonly<{
  topologies: readonly TopologyKind[];
  /** The headline rates (orders/s), in this order; each is also a step of the step-up. */
  rates: readonly number[];
  /** After the last headline rate: +step each window until one fails or `maxRate`. */
  stepUp: Readonly<{ step: number; maxRate: number }>;
  /** When the lowest headline rate fails: x factor each window until one holds or `minRate`. */
  stepDown: Readonly<{ factor: number; minRate: number }>;
  /** Then, between the last rate that held and the first that did not: windows at the middle. */
  bisections: number;
  /** Per rate: open-loop arrivals thrown away (JIT, pools), then the measured window. */
  warmupSeconds: number;
  windowSeconds: number;
  /**
   * A window ends early, after at least `minMeasuredSeconds`, once more than `abortBacklogSeconds`
   * worth of arrivals are still unconfirmed: the rate is not sustained, and more arrivals would
   * only make the backlog (and the wait for it to clear) longer.
   */
  minMeasuredSeconds: number;
  abortBacklogSeconds: number;
  /** After the window: how long to wait for its orders to be confirmed or rejected. */
  drainSeconds: number;
  /** Before each window: how long to wait for the pipeline to be idle (settle.ts). */
  settleSeconds: number;
  /** After seeding: the processes measured with no orders at all (their fixed load). */
  idleSeconds: number;
  /** An order not confirmed or rejected this long after its response counts as lost. */
  orderTimeoutSeconds: number;
  poll: PollSettings;
  /** The step-up's limit and the target. */
  p99LimitMs: number;
  target: Readonly<{ rate: number; p99Ms: number }>;
  /** Seeded through the APIs before the first window. */
  products: number;
  stockPerProduct: number;
  customers: number;
  /** Lines per order are 1..maxLines distinct products, each quantity 1..3. */
  maxLines: number;
  /** Requests at a time while seeding. */
  seedConcurrency: number;
}>;

const POLL: PollSettings = {
  sweep: { intervalMs: 20, rejectedEveryMs: 500 },
  control: { every: 20, minIntervalMs: 10, ageFraction: 0.05, maxConcurrent: 16 },
};

/**
 * Both topologies: the headline rates, the step-down or step-up, 25 s each (less when a window is
 * cut short), with the waits for each backlog to clear: 15 to 25 minutes on 2 cores.
 */
export const FULL_RUN: SagaBenchConfig = {
  topologies: ['multi-process', 'embedded'],
  rates: [20, 100, 200],
  stepUp: { step: 100, maxRate: 1_000 },
  stepDown: { factor: 0.5, minRate: 2 },
  bisections: 3,
  warmupSeconds: 3,
  windowSeconds: 25,
  minMeasuredSeconds: 5,
  abortBacklogSeconds: 3,
  drainSeconds: 60,
  settleSeconds: 240,
  idleSeconds: 10,
  orderTimeoutSeconds: 30,
  poll: POLL,
  p99LimitMs: 1_000,
  target: { rate: 100, p99Ms: 250 },
  products: 200,
  stockPerProduct: 10_000_000,
  customers: 200,
  maxLines: 3,
  seedConcurrency: 8,
};

export const QUICK_RUN: SagaBenchConfig = {
  ...FULL_RUN,
  stepUp: { step: 100, maxRate: 400 },
  stepDown: { factor: 0.5, minRate: 10 },
  bisections: 1,
  warmupSeconds: 1,
  windowSeconds: 6,
  minMeasuredSeconds: 3,
  drainSeconds: 20,
  settleSeconds: 90,
  idleSeconds: 3,
  products: 50,
  customers: 40,
};

/** For the smoke test: every code path (a step-up step included), no meaningful numbers. */
export const SMOKE_RUN: SagaBenchConfig = {
  ...FULL_RUN,
  // No step up beyond the headline rates: a third window per topology added only time to the
  // suite (stepping up is left to real runs).
  rates: [4, 8],
  stepUp: { step: 4, maxRate: 8 },
  stepDown: { factor: 0.5, minRate: 2 },
  bisections: 0,
  warmupSeconds: 0.5,
  windowSeconds: 1.5,
  minMeasuredSeconds: 1,
  abortBacklogSeconds: 30,
  drainSeconds: 20,
  settleSeconds: 30,
  idleSeconds: 1,
  orderTimeoutSeconds: 20,
  p99LimitMs: 20_000,
  target: { rate: 8, p99Ms: 250 },
  products: 4,
  stockPerProduct: 10_000,
  customers: 3,
  seedConcurrency: 4,
};
