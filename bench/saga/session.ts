import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { localPostmaster, sleep } from '../support/measure';
import { pgProfiler } from '../support/pg-profile';
import { type SagaBenchConfig, type TopologyKind } from './config';
import { JsonClient } from './http-client';
import { now } from './order-record';
import { OrderTracker } from './order-tracker';
import { type ProbeResult, type Watched, windowProbe } from './probes';
import { type ProcessProfile, profileArgs, readProfiles } from './process-profiles';
import { type SagaServices } from './services';
import { type Apis, refreshIfOld, seedShop, type Shop } from './shop';
import { readTrails, type SeenOrder, type StreamStats } from './timeline';
import { settle } from './settle';
import { startTopology, type Topology } from './topology';
import { measureWindow, type WindowResult, type WindowContext } from './window';

/** What one topology's run hands to the report. */
export type TopologyRun = Readonly<{
  kind: TopologyKind;
  seedSeconds: number;
  /** The first order after seeding, placed alone: the pipeline works, and how fast when idle. */
  idleOrderMs: number;
  /** The processes with no orders at all, once the pipeline is idle: their fixed load. */
  idle: ProbeResult;
  windows: readonly WindowResult[];
  /** The last rate of the ladder (ascending) before the first that did not hold. */
  sustained: Readonly<{ held: WindowResult | null; failed: WindowResult | null }>;
  timelineError?: string;
  /** Why the ladder stopped before its end (a window that threw); the windows before it stand. */
  ladderError?: string;
  /** The inventory streams at the end: ReserveStock reads its product's whole stream. */
  inventoryStreams?: StreamStats;
  /** With --profile: each shopstream process's V8 profile over its whole run. */
  profiles?: readonly ProcessProfile[];
}>;

/**
 * One topology from start to stop: start it, seed the shop, one order alone, then each headline
 * rate and the step-up (while the last window held), then the per-hop breakdown from the stores.
 */
export async function runTopology(
  kind: TopologyKind,
  config: SagaBenchConfig,
  services: SagaServices | undefined,
  profile: boolean,
): Promise<TopologyRun> {
  console.log(`[saga] starting the ${kind} topology`);
  const profileDir = profile ? await mkdtemp(path.join(tmpdir(), 'shopstream-saga-prof-')) : '';
  const topology = await startTopology(kind, services, profile ? profileArgs(profileDir) : []);
  let admin: Client | undefined;
  const apis: Apis = {
    write: new JsonClient(topology.writeUrl, 512),
    read: new JsonClient(topology.readUrl, config.poll.control.maxConcurrent + 4),
  };
  try {
    const seedStarted = now();
    const shop = await seedShop(apis, topology.admin, config);
    const seedSeconds = (now() - seedStarted) / 1_000;
    console.log(`[saga] ${kind}: seeded in ${seedSeconds.toFixed(1)} s`);
    const idleOrderMs = await oneOrderAlone(apis, shop, config);

    if (topology.database) {
      admin = new Client({
        connectionString: topology.database.url,
        application_name: 'shopstream-bench-admin',
      });
      await admin.connect();
    }
    const context: WindowContext = {
      kind,
      apis,
      shop,
      config,
      watched: watchedProcesses(topology, services),
      endpoints: topology.metrics,
      postmasterPid: admin ? await postmasterOf(admin) : null,
      pgCounters: admin ? () => pgCounters(admin!) : undefined,
      pgProfiler: profile && admin ? await pgProfiler(admin) : null,
    };
    const idle = await measureIdle(context);
    const windows: WindowResult[] = [];
    const seen: SeenOrder[][] = [];
    const measure = async (rate: number, role: WindowResult['role']) => {
      await refreshIfOld(apis, shop, config.seedConcurrency);
      const { result, seen: orders } = await measureWindow(context, rate, role);
      windows.push(result);
      seen.push(orders);
      console.log(`[saga] ${kind} @${rate}/s: p99 ${result.latencyMs.p99} ms, ${result.why}`);
      await sleep(1_000);
      return result;
    };
    let ladderError: string | undefined;
    try {
      await climbLadder(config, windows, measure);
    } catch (error) {
      // An overloaded topology can stop answering; keep what was measured before it.
      ladderError = error instanceof Error ? error.message : String(error);
      console.error(`[saga] ${kind}: the ladder stopped early: ${ladderError}`);
    }

    let timelineError: string | undefined;
    let inventoryStreams: StreamStats | undefined;
    try {
      const trails = await readTrails(topology, seen);
      trails.hops.forEach((breakdown, i) => (windows[i].hops = breakdown));
      inventoryStreams = trails.inventoryStreams;
    } catch (error) {
      timelineError = error instanceof Error ? error.message : String(error);
      console.error(`[saga] ${kind}: could not read the per-hop timeline: ${timelineError}`);
    }
    let profiles: ProcessProfile[] | undefined;
    if (profile) {
      // The profiles are written as the processes exit.
      await topology.stopProcesses();
      profiles = await readProfiles(profileDir, topology.processes);
    }
    return {
      kind,
      seedSeconds,
      idleOrderMs,
      idle,
      windows,
      sustained: ladder(windows),
      timelineError,
      ladderError,
      inventoryStreams,
      profiles,
    };
  } finally {
    await admin?.end().catch(() => undefined);
    apis.write.close();
    apis.read.close();
    await topology.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }
}

/**
 * The rates, lowest headline first: if even that does not hold, step down from it; then the
 * other headline rates, the step-up while the last one held, and bisections of the gap.
 */
async function climbLadder(
  config: SagaBenchConfig,
  windows: readonly WindowResult[],
  measure: (rate: number, role: WindowResult['role']) => Promise<WindowResult>,
): Promise<void> {
  const [lowest, ...higher] = [...config.rates].sort((a, b) => a - b);
  const { factor, minRate } = config.stepDown;
  let last = await measure(lowest, 'headline');
  if (!last.held) {
    for (
      let rate = Math.round(lowest * factor);
      rate >= minRate;
      rate = Math.round(rate * factor)
    ) {
      if ((await measure(rate, 'step')).held) break;
    }
  }
  for (const rate of higher) last = await measure(rate, 'headline');
  for (
    let rate = last.rate + config.stepUp.step;
    last.held && rate <= config.stepUp.maxRate;
    rate += config.stepUp.step
  ) {
    last = await measure(rate, 'step');
  }
  // Narrow the gap between the last rate that held and the first that did not.
  for (let i = 0; i < config.bisections; i++) {
    const { held, failed } = ladder(windows);
    if (!held || !failed) break;
    const middle = roundRate((held.rate + failed.rate) / 2);
    if (middle <= held.rate || middle >= failed.rate) break;
    await measure(middle, 'step');
  }
}

async function measureIdle(context: WindowContext): Promise<ProbeResult> {
  const { apis, shop, config } = context;
  await settle(apis, shop, config.settleSeconds * 1_000);
  const probe = windowProbe(
    context.watched,
    context.endpoints,
    context.postmasterPid,
    context.pgCounters,
  );
  await probe.start();
  await sleep(config.idleSeconds * 1_000);
  return probe.end();
}

/** Whole orders/s; multiples of 5 above 20, where finer steps say nothing more. */
function roundRate(rate: number): number {
  return rate > 20 ? Math.round(rate / 5) * 5 : Math.round(rate);
}

/** Ascending by rate: the last window that held before the first that did not. */
function ladder(windows: readonly WindowResult[]): TopologyRun['sustained'] {
  const byRate = [...windows].sort((a, b) => a.rate - b.rate);
  const failedAt = byRate.findIndex((w) => !w.held);
  const held = failedAt === -1 ? byRate[byRate.length - 1] : byRate[failedAt - 1];
  return { held: held ?? null, failed: failedAt === -1 ? null : byRate[failedAt] };
}

async function oneOrderAlone(apis: Apis, shop: Shop, config: SagaBenchConfig): Promise<number> {
  const tracker = new OrderTracker(apis, shop, config.poll, config.maxLines, 60_000);
  const order = tracker.place(now());
  while (tracker.unresolved > 0) await sleep(10);
  await tracker.close();
  if (order.outcome !== 'confirmed') {
    throw new Error(
      `the first order was not confirmed (${order.outcome}${order.error ? `: ${order.error}` : ''})`,
    );
  }
  return Math.round((order.seenAt! - order.respondedAt!) * 100) / 100;
}

function watchedProcesses(topology: Topology, services: SagaServices | undefined): Watched[] {
  return [
    ...topology.processes.map((p) => ({ name: p.name, pid: p.pid, kind: 'shopstream' as const })),
    ...(topology.kind === 'multi-process' && services
      ? services.pids().map((p) => ({ ...p, kind: 'service' as const }))
      : []),
  ];
}

async function postmasterOf(client: Client): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return localPostmaster(rows[0].pid);
}

/**
 * Transactions of the topology's database and the server's WAL, cumulative. Backends report
 * their counts at most once a second, so a window's edges are that coarse.
 */
async function pgCounters(client: Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ transactions: string; wal_bytes: string }>(
    `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database
              WHERE datname = current_database())::text AS transactions,
            (SELECT wal_bytes FROM pg_stat_wal)::text AS wal_bytes`,
  );
  return { transactions: Number(rows[0].transactions), walBytes: Number(rows[0].wal_bytes) };
}
