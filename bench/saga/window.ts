import { sleep } from '../support/measure';
import { type PgProfiler } from '../support/pg-profile';
import { runArrivals } from './arrivals';
import { type SagaBenchConfig, type TopologyKind } from './config';
import { now } from './order-record';
import { OrderTracker } from './order-tracker';
import { type ProbeResult, type Watched, windowProbe } from './probes';
import { settle } from './settle';
import { type Apis, type Shop } from './shop';
import { type SeenOrder } from './timeline';
import { type MetricsEndpoint } from './topology';
import { type Counters, countersOf, summarizeWindow, type WindowResult } from './window-result';

export type WindowContext = Readonly<{
  kind: TopologyKind;
  apis: Apis;
  shop: Shop;
  config: SagaBenchConfig;
  watched: readonly Watched[];
  endpoints: readonly MetricsEndpoint[];
  /** Cumulative counters of the topology's database (multi-process only). */
  pgCounters?: () => Promise<Record<string, number>>;
  /** pg_stat_statements of that database, with --profile. */
  pgProfiler?: PgProfiler | null;
  postmasterPid: number | null;
}>;

/**
 * One rate: wait for the pipeline to be idle, warm up and measure at that open-loop rate (cut
 * short if the backlog runs away), then give the window's orders time to be confirmed.
 * Returns the window and the orders it saw confirmed, for the per-hop breakdown.
 */
export async function measureWindow(
  context: WindowContext,
  rate: number,
  role: WindowResult['role'],
): Promise<{ result: WindowResult; seen: SeenOrder[] }> {
  const { config, apis, shop } = context;
  const settled = await settle(apis, shop, config.settleSeconds * 1_000);
  console.log(
    `[saga] ${context.kind}: ${rate} orders/s (${role}), pipeline ` +
      `${settled.idle ? 'idle' : `NOT idle (${settled.detail})`} after ${settled.seconds} s`,
  );
  const tracker = new OrderTracker(
    apis,
    shop,
    config.poll,
    config.maxLines,
    config.orderTimeoutSeconds * 1_000,
  );
  const probe = windowProbe(
    context.watched,
    context.endpoints,
    context.postmasterPid,
    context.pgCounters,
    context.pgProfiler,
  );
  let probeResult: Promise<ProbeResult> | undefined;
  let atStart: Counters = countersOf(tracker);
  let atEnd: Counters = atStart;
  const arrivals = await runArrivals(tracker, {
    rate,
    warmupSeconds: config.warmupSeconds,
    windowSeconds: config.windowSeconds,
    minMeasuredSeconds: config.minMeasuredSeconds,
    shouldAbort: () => tracker.unresolved > Math.max(50, rate * config.abortBacklogSeconds),
    onWindowStart: async () => {
      atStart = countersOf(tracker);
      await probe.start();
    },
    onWindowEnd: async () => {
      atEnd = countersOf(tracker);
      probeResult = probe.end();
      await probeResult;
    },
  });
  const drainStart = now();
  while (tracker.unresolved > 0 && now() - drainStart < config.drainSeconds * 1_000) {
    await sleep(20);
  }
  const drainSeconds = (now() - drainStart) / 1_000;
  await tracker.close();
  if (tracker.sweep.fatal) throw new Error(`watching the read API failed: ${tracker.sweep.fatal}`);

  const result = summarizeWindow({
    topology: context.kind,
    rate,
    role,
    settled,
    arrivals,
    tracker,
    counters: [atStart, atEnd],
    drainSeconds,
    probe: await probeResult!,
    config,
  });
  const seen = arrivals.measured
    .filter((o) => o.outcome === 'confirmed')
    .map((o) => ({ orderId: o.orderId!, respondedAt: o.respondedAt!, seenAt: o.seenAt! }));
  return { result, seen };
}

export { type WindowResult } from './window-result';
