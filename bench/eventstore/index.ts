import { performance } from 'node:perf_hooks';
import { type Benchmark } from '../benchmark';
import { type BenchReport, machineInfo } from '../report';
import { type BenchDatabase, openBenchServer } from '../support/postgres-server';
import { EventFactory } from './bench-events';
import { type EventStoreBenchConfig, FULL_RUN, QUICK_RUN } from './config';
import { notes } from './notes';
import { log, type PerSubject, Phases } from './phases';
import { StoreProcess } from './store-process';
import { SUBJECTS } from './store-under-test';
import { allTargetsMet, detailTable, headlineTable, profileTables } from './tables';

/**
 * `npm run bench -- eventstore`: the same workload against our PostgresEventStore, Emmett's
 * PostgreSQL event store and a bare-INSERT ceiling, each in a fresh database on the same server
 * and in a Node process of its own. Append phases interleave the three in rounds; the $all read
 * and live delivery run one store at a time.
 */
export const eventStoreBenchmark: Benchmark = {
  name: 'eventstore',
  run: (options) =>
    runEventStoreBench({ config: options.quick ? QUICK_RUN : FULL_RUN, profile: options.profile }),
};

export async function runEventStoreBench(options: {
  config: EventStoreBenchConfig;
  profile: boolean;
}): Promise<BenchReport> {
  const { config, profile } = options;
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const server = await openBenchServer({ profile });
  const databases: BenchDatabase[] = [];
  const workers: Partial<PerSubject<StoreProcess>> = {};
  try {
    const serverInfo = await server.describe();
    log(
      `PostgreSQL ${serverInfo['pg server_version']} (${server.source}), ` +
        `fsync=${serverInfo['pg fsync']}, synchronous_commit=${serverInfo['pg synchronous_commit']}`,
    );
    for (const subject of SUBJECTS) {
      const database = await server.createDatabase(`es_${subject}`);
      databases.push(database);
      const request = { subject, databaseUrl: database.url, poolSize: config.poolSize, profile };
      workers[subject] = await StoreProcess.start(request);
    }
    const phases = new Phases(server, workers as PerSubject<StoreProcess>);
    const results = await phases.all(config);
    const headline = headlineTable(results, config);
    return {
      benchmark: 'eventstore',
      startedAt,
      durationSeconds: (performance.now() - began) / 1_000,
      environment: {
        ...machineInfo(),
        'pg source': server.source,
        ...serverInfo,
        'event size': eventSize(),
        'pool size': config.poolSize,
        'all targets met': allTargetsMet(headline),
      },
      tables: [headline, detailTable(results), ...profileTables(results)],
      notes: notes(results, config, phases.checkpointed),
      results: { config, subjects: results },
    };
  } catch (error) {
    for (const worker of Object.values(workers)) worker.kill();
    throw error;
  } finally {
    await Promise.all(Object.values(workers).map((w) => w.close().catch(() => w.kill())));
    for (const database of databases) await database.drop().catch(() => undefined);
    await server.stop();
  }
}

function eventSize(): string {
  const [event] = new EventFactory().events(1);
  const data = JSON.stringify(event.data).length;
  const metadata = JSON.stringify(event.metadata).length;
  return `${data} B data + ${metadata} B metadata (JSON)`;
}
