import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Benchmark } from '../benchmark';
import { type BenchReport, machineInfo } from '../report';
import { FULL_RUN, QUICK_RUN, type SagaBenchConfig, type TopologyKind } from './config';
import { sagaNotes } from './notes';
import { openSagaServices } from './services';
import { runTopology, type TopologyRun } from './session';
import { costPerOrderTables, metricsTable, observingTable, resourceTables } from './cost-tables';
import { profileTables } from './profile-tables';
import { headlineTable, hopTable, sustainedTable } from './tables';

/** The raw measurements, saved with the report. */
export type SagaBenchResults = Readonly<{ config: SagaBenchConfig; runs: readonly TopologyRun[] }>;

/**
 * `npm run bench -- saga`: orders placed at fixed open-loop rates on the multi-process topology
 * (durable PostgreSQL, Kafka, Redis) and on `shopstream start`'s embedded default, each measured
 * from the place-order response to the read API showing the order confirmed.
 */
export function sagaBenchmark(values: Readonly<Record<string, string | true>>): Benchmark {
  const topologies = topologiesOf(values['--topology']);
  return {
    name: 'saga',
    run: (options) => {
      const config = options.quick ? QUICK_RUN : FULL_RUN;
      return runSagaBench({ config: { ...config, topologies }, profile: options.profile });
    },
  };
}

/** `--topology multi-process` runs one topology: a quicker look at the part being worked on. */
function topologiesOf(value: string | true | undefined): readonly TopologyKind[] {
  if (value === undefined) return FULL_RUN.topologies;
  if (value === 'multi-process' || value === 'embedded') return [value];
  throw new Error(`--topology must be multi-process or embedded, not ${String(value)}`);
}

export async function runSagaBench(options: {
  config: SagaBenchConfig;
  profile: boolean;
}): Promise<BenchReport> {
  const { config, profile } = options;
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const environment: Record<string, string | number | boolean> = { ...machineInfo() };
  const runs: TopologyRun[] = [];
  for (const kind of config.topologies) {
    if (kind === 'embedded') {
      environment.embedded = `shopstream start: PGlite ${pgliteVersion()} in DATA_DIR, in-process bus, .eml outbox`;
      runs.push(await runTopology(kind, config, undefined, profile));
      continue;
    }
    const services = await openSagaServices({ profile });
    try {
      const { base } = services;
      Object.assign(environment, {
        'pg source': base.postgres.source,
        ...(await base.postgres.describe()),
        redis: `${base.redisDetail} (${base.redisSource})`,
        kafka: `${services.kafkaDetail} (${services.kafkaSource}), KAFKA_PARTITIONS 3 (default)`,
        smtp: services.smtpSource,
      });
      runs.push(await runTopology(kind, config, services, profile));
    } finally {
      await services.stop();
    }
  }
  Object.assign(environment, {
    'log level': 'info (the default), to a file per process',
    windows: `${config.warmupSeconds} s warm-up + ${config.windowSeconds} s measured per rate`,
  });
  const results: SagaBenchResults = { config, runs };
  return {
    benchmark: 'saga',
    startedAt,
    durationSeconds: (performance.now() - began) / 1_000,
    environment,
    tables: [
      headlineTable(runs, config),
      sustainedTable(runs, config),
      hopTable(runs, 'mean'),
      hopTable(runs, 'p99'),
      ...costPerOrderTables(runs),
      metricsTable(runs),
      observingTable(runs),
      ...resourceTables(runs),
      ...profileTables(runs),
    ],
    notes: sagaNotes(runs, config),
    results,
  };
}

function pgliteVersion(): string {
  const file = path.resolve(__dirname, '../../node_modules/@electric-sql/pglite/package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
