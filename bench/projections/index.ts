import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { READ_MODEL_POOL_SIZE } from '../../platform/read-model-db/open-read-model-db';
import { allProjections } from '../../projections';
import { type Benchmark } from '../benchmark';
import { type BenchReport, machineInfo, renderReport, saveReport } from '../report';
import { cpuMeter, localPostmaster, sleep } from '../support/measure';
import { FULL_RUN, type ProjectionsBenchConfig, QUICK_RUN } from './config';
import { findings, notes } from './notes';
import { type GeneratedStore, log } from './generate';
import { type LiveLatency } from './live-probe';
import {
  floorWorkload,
  measureReadWindow,
  READ_WORKLOADS,
  type ReadWindow,
  readWorkloads,
} from './read-load';
import { type ReadPass, type RebuildRun } from './rebuild-session';
import { openShopDatabase, type ShopDatabase } from './shop-database';
import { Random } from './shop/random';
import { reportTables, TARGET_SHARE } from './tables';
import { type ProjectionsBenchResults, type StoreSize } from './results';
import { WorkerProcess } from './worker-process';

export type { ProjectionsBenchResults, StoreSize } from './results';

/** Bump whenever the simulation changes what it generates: cached stores are keyed by it. */
export const GENERATOR_VERSION = 2;

export type ProjectionsBenchOptions = Readonly<{
  config: ProjectionsBenchConfig;
  profile: boolean;
  /** Generate the store even when one is cached. */
  fresh: boolean;
}>;

type Values = Readonly<Record<string, string | true>>;

/**
 * `npm run bench -- projections [--events N] [--batch-size N] [--fresh] [--quick] [--profile]`.
 */
export function projectionsBenchmark(values: Values = {}): Benchmark {
  return {
    name: 'projections',
    run: (options) => {
      const base = options.quick ? QUICK_RUN : FULL_RUN;
      const events =
        values['--events'] === undefined
          ? base.events
          : parseCount('--events', values['--events'], 1_000);
      const batchSize =
        values['--batch-size'] === undefined
          ? base.batchSize
          : parseCount('--batch-size', values['--batch-size'], 1);
      return runProjectionsBench({
        config: { ...base, events, batchSize },
        profile: options.profile,
        fresh: values['--fresh'] === true,
      });
    },
  };
}

function parseCount(option: string, value: string | true, min: number): number {
  const count = Number(typeof value === 'string' ? value.replace(/[_,]/g, '') : NaN);
  if (!Number.isSafeInteger(count) || count < min) {
    throw new Error(`${option} must be a whole number of at least ${min}, got ${String(value)}`);
  }
  return count;
}

export async function runProjectionsBench(options: ProjectionsBenchOptions): Promise<BenchReport> {
  const { config, profile } = options;
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const workers: WorkerProcess[] = [];
  const started = (label: string) => {
    const worker = WorkerProcess.start(label);
    workers.push(worker);
    return worker;
  };
  let generateSeconds: number | null = null;
  let shop: ShopDatabase | undefined;
  try {
    shop = await openShopDatabase({
      events: config.events,
      generatorVersion: GENERATOR_VERSION,
      profile,
      fresh: options.fresh,
      async generate(databaseUrl) {
        log(`generating ${config.events.toLocaleString('en-US')} events through the domain`);
        const generator = started('generator');
        const generated = await generator.call<GeneratedStore>({
          kind: 'generate',
          request: {
            databaseUrl,
            events: config.events,
            writers: config.writers,
            seed: config.seed,
          },
        });
        await generator.close();
        generateSeconds = generated.seconds;
        return generated;
      },
    });
    const serverInfo = await shop.describe();
    log(
      `PostgreSQL ${serverInfo['pg server_version']} (${shop.source}), fsync=${serverInfo['pg fsync']}, ` +
        `synchronous_commit=${serverInfo['pg synchronous_commit']}`,
    );
    const results = await measure(shop.url, shop.generated, config, profile, started);
    const report: BenchReport = {
      benchmark: 'projections',
      startedAt,
      durationSeconds: (performance.now() - began) / 1_000,
      environment: {
        ...machineInfo(),
        'pg source': shop.source,
        ...serverInfo,
        events: results.store.events,
        'event size':
          `${results.store.dataBytes} B data + ${results.store.metadataBytes} B metadata ` +
          `(JSON, mean); events table ${Math.round(results.store.bytes / 2 ** 20)} MiB with indexes`,
        'batch size': config.batchSize,
        generator:
          `v${GENERATOR_VERSION}, seed ${config.seed}: ` +
          (generateSeconds === null
            ? `cached (generated in ${Math.round(shop.generated.seconds)} s)`
            : `generated in ${Math.round(generateSeconds)} s`),
        'rebuild vs read': `${Math.round(results.share * 100)}% (${results.verdict})`,
      },
      tables: reportTables(results),
      notes: notes(results, shop.source),
      results,
    };
    const failed = results.readApi.filter((w) => w.load.non2xx + w.load.errors > 0);
    if (failed.length > 0) {
      const file = await saveReport(report);
      console.error(renderReport(report));
      throw new Error(
        `projections benchmark: read API requests failed, the numbers are not valid (report kept ` +
          `in ${file}): ${failed.map((w) => `${w.workload} ${JSON.stringify(w.load.statusCodes)}, first: ${JSON.stringify(w.load.firstFailure)}`).join('; ')}`,
      );
    }
    return report;
  } catch (error) {
    for (const worker of workers) worker.kill();
    throw error;
  } finally {
    await Promise.allSettled(workers.map((w) => w.close().catch(() => w.kill())));
    await shop?.close();
  }
}

async function measure(
  databaseUrl: string,
  generated: GeneratedStore,
  config: ProjectionsBenchConfig,
  profile: boolean,
  started: (label: string) => WorkerProcess,
): Promise<ProjectionsBenchResults> {
  const rebuilder = started('rebuild');
  await rebuilder.call({ kind: 'open', request: { databaseUrl, batchSize: config.batchSize } });
  const store = await rebuilder.call<StoreSize>({ kind: 'storeSize' });
  const names = allProjections.map((p) => p.name);
  const rate = (events: number, ms: number) =>
    Math.round((events / ms) * 1_000).toLocaleString('en-US');

  // Untimed: the same pass once, so every timed one finds the store in memory alike.
  await rebuilder.call<ReadPass>({ kind: 'read' });
  const reads: ReadPass[] = [];
  const timedRead = async () => {
    const pass = await rebuilder.call<ReadPass>({ kind: 'read' });
    reads.push(pass);
    log(
      `$all read: ${pass.events.toLocaleString('en-US')} events at ${rate(pass.events, pass.ms)}/s`,
    );
  };
  await timedRead();
  const readAndUpcast = await rebuilder.call<ReadPass>({ kind: 'readAndUpcast' });
  log(`$all read + upcast: ${rate(readAndUpcast.events, readAndUpcast.ms)}/s`);

  const rebuild = async (projections: readonly string[], profiled = false) => {
    const run = await rebuilder.call<RebuildRun>({
      kind: 'rebuild',
      projections,
      profile: profiled,
    });
    log(
      `rebuild ${projections.length === names.length ? 'all' : projections.join(', ')}` +
        `${profiled ? ' (profiled)' : ''}: ${(run.ms / 1_000).toFixed(1)} s, ` +
        `${rate(store.events, run.ms)} events/s`,
    );
    return run;
  };
  const prober = started('live probe');
  const probed = async <T>(during: () => Promise<T>): Promise<[T, LiveLatency]> => {
    await prober.call({ kind: 'probeStart', databaseUrl, intervalMs: config.probeIntervalMs });
    const result = await during();
    return [result, await prober.call<LiveLatency>({ kind: 'probeStop' })];
  };
  const [, idle] = await probed(() => sleep(config.probeIdleSeconds * 1_000));
  const [rebuildAll, duringRebuild] = await probed(() => rebuild(names));
  await prober.close();
  const summary = ({ latency, undelivered }: LiveLatency) =>
    `p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, ` +
    `max ${latency.max.toFixed(1)} ms, ${undelivered} undelivered`;
  log(`live append to subscriber, idle: ${summary(idle)}`);
  log(`live append to subscriber, during rebuild all: ${summary(duringRebuild)}`);
  // The timed reads bracket the rebuilds, so drift over the run lands on both sides alike.
  if (config.readPasses > 2) await timedRead();
  const alone: RebuildRun[] = [];
  for (const name of names) alone.push(await rebuild([name]));
  if (config.readPasses > 1) await timedRead();

  const readRate =
    reads.reduce((s, r) => s + r.events, 0) / (reads.reduce((s, r) => s + r.ms, 0) / 1_000);
  const share = store.events / (rebuildAll.ms / 1_000) / readRate;
  const verdict = share >= TARGET_SHARE ? 'PASS' : 'SHORT';
  const profiled = profile || verdict === 'SHORT' ? await rebuild(names, true) : null;

  const tableRows = await rebuilder.call<Record<string, number>>({ kind: 'tableRows' });
  const matches = await rebuilder.call<number>({
    kind: 'searchMatches',
    word: generated.searchWord,
  });
  // The customers with the most orders: each of them has a full first page of history.
  const customers = generated.topCustomers.slice(0, 100);
  const counts = await rebuilder.call<{ paid: number; perCustomer: number[] }>({
    kind: 'orderCounts',
    userIds: customers.map((c) => c.userId),
  });
  await rebuilder.close();

  const readApi = await measureReadApi(databaseUrl, generated, customers, config, started);
  const sorted = [...counts.perCustomer].sort((a, b) => a - b);
  const partial = {
    config,
    generated,
    store,
    reads,
    readAndUpcast,
    readRate,
    rebuildAll,
    live: { idle, rebuildAll: duringRebuild },
    alone,
    profiled,
    share,
    verdict,
    tableRows,
    search: { word: generated.searchWord.toLowerCase(), matches },
    customers: {
      sampled: customers.length,
      ordersEach: {
        min: sorted[0] ?? 0,
        median: sorted[Math.floor(sorted.length / 2)] ?? 0,
        max: sorted[sorted.length - 1] ?? 0,
      },
    },
    paidOrders: counts.paid,
    readApi,
  } as const;
  return { ...partial, limits: findings(partial) };
}

async function measureReadApi(
  databaseUrl: string,
  generated: GeneratedStore,
  customers: readonly { userId: string; email: string }[],
  config: ProjectionsBenchConfig,
  started: (label: string) => WorkerProcess,
): Promise<ReadWindow[]> {
  const jwtSecret = randomBytes(32).toString('hex');
  const api = started('read API');
  const url = await api.call<string>({ kind: 'serve', spec: { databaseUrl, jwtSecret } });
  const admin = new Client({ connectionString: databaseUrl, application_name: 'bench-admin' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const meter = cpuMeter(localPostmaster(rows[0].pid));
    const random = new Random(config.seed);
    const windows: ReadWindow[] = [];
    const workloads = await readWorkloads(jwtSecret, generated.searchWord, customers, () =>
      random.next(),
    );
    for (const workload of workloads) {
      windows.push(await measureReadWindow(url, workload, config, api, meter));
    }
    await api.close();
    // The floor in a process of its own too, after the API's windows: never both at once.
    const floor = started('read floor');
    try {
      const floorUrl = await floor.call<string>({
        kind: 'serveFloor',
        spec: { databaseUrl, poolSize: READ_MODEL_POOL_SIZE },
      });
      const search = workloads.find((w) => w.workload === READ_WORKLOADS.search)!;
      windows.push(await measureReadWindow(floorUrl, floorWorkload(search), config, floor, meter));
    } finally {
      await floor.close();
    }
    return windows;
  } finally {
    await admin.end();
    await api.close();
  }
}
