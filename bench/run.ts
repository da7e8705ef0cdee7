import { type Benchmark, type BenchOptions } from './benchmark';
import { renderReport, saveReport } from './report';

/**
 * `npm run bench -- <name|all> [--quick] [--profile] [benchmark options]`: runs benchmarks,
 * prints their tables and saves each report as bench/results/<name>-<timestamp>.json. Without a
 * name, lists them. A benchmark may declare options of its own (`--events N`); `load` gets the
 * values given (`true` for an option without a value).
 */
type Entry = {
  description: string;
  /** Its own options: name -> value placeholder ('' for a flag without a value) and help. */
  options?: Record<string, { value: string; help: string }>;
  load: (values: Readonly<Record<string, string | true>>) => Promise<Benchmark>;
};

const BENCHMARKS: Record<string, Entry> = {
  eventstore: {
    description:
      'event store appends, $all reads and subscription latency: ours vs Emmett vs bare Postgres',
    load: async () => (await import('./eventstore')).eventStoreBenchmark,
  },
  write: {
    description:
      'write API over HTTP (autocannon): register and place-order vs a bare Fastify + INSERT floor',
    options: {
      '--embedded': {
        value: '',
        help: 'also place-order against `shopstream start` (PGlite), as a ratio to Postgres mode',
      },
    },
    load: async (values) => (await import('./write')).writeBenchmark(values),
  },
  projections: {
    description:
      'projections rebuild all over a generated store vs the raw $all read; read API latency',
    options: {
      '--events': { value: 'N', help: 'events in the generated store (default 1,000,000)' },
      '--batch-size': {
        value: 'N',
        help: 'events per $all query, read and rebuild (default 2000)',
      },
      '--fresh': { value: '', help: 'generate the store again even if one is cached' },
    },
    load: async (values) => (await import('./projections')).projectionsBenchmark(values),
  },
  saga: {
    description:
      'order placed -> read API shows confirmed at fixed rates: multi-process (Kafka) and npm start',
    options: {
      '--topology': {
        value: 'NAME',
        help: 'only this topology: multi-process or embedded (default both)',
      },
    },
    load: async (values) => (await import('./saga')).sagaBenchmark(values),
  },
};

const FLAGS = new Set(['--quick', '--profile']);

/** Every benchmark's own options, by name: whether it takes a value. */
const OPTIONS = new Map(
  Object.values(BENCHMARKS).flatMap((b) =>
    Object.entries(b.options ?? {}).map(([name, o]) => [name, o.value !== ''] as const),
  ),
);

async function main(rawArgs: string[]): Promise<number> {
  const values: Record<string, string | true> = {};
  const args: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const [name, inline] = rawArgs[i].split(/=(.*)/s, 2);
    if (!OPTIONS.has(name)) {
      args.push(rawArgs[i]);
      continue;
    }
    const value = OPTIONS.get(name) ? (inline ?? rawArgs[++i]) : true;
    if (value === undefined || (typeof value === 'string' && value.startsWith('--'))) {
      console.error(`${name} needs a value`);
      printUsage();
      return 1;
    }
    values[name] = value;
  }
  const names = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && !FLAGS.has(a));
  if (names.length === 0 || unknownFlags.length > 0) {
    if (unknownFlags.length > 0) console.error(`unknown option ${unknownFlags.join(', ')}`);
    printUsage();
    return unknownFlags.length > 0 ? 1 : 0;
  }
  const selected = names.includes('all') ? Object.keys(BENCHMARKS) : names;
  const unknown = selected.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`no benchmark named ${unknown.join(', ')}`);
    printUsage();
    return 1;
  }
  const options: BenchOptions = {
    quick: args.includes('--quick'),
    profile: args.includes('--profile'),
  };
  for (const name of selected) {
    const benchmark = await BENCHMARKS[name].load(values);
    const report = await benchmark.run(options);
    console.log(`\n${renderReport(report)}`);
    console.log(`\nsaved ${await saveReport(report)}`);
  }
  return 0;
}

function printUsage(): void {
  console.log(
    'usage: npm run bench -- <name|all> [--quick] [--profile] [its options]\n\nbenchmarks:',
  );
  for (const [name, { description, options }] of Object.entries(BENCHMARKS)) {
    console.log(`  ${name.padEnd(12)} ${description}`);
    for (const [option, { value, help }] of Object.entries(options ?? {})) {
      console.log(`  ${''.padEnd(12)}   ${`${option} ${value}`.trim().padEnd(16)} ${help}`);
    }
  }
  console.log(
    '\n  --quick    shorter phases, smaller counts (a quick look, not numbers to quote)' +
      '\n  --profile  pg_stat_statements per phase (top statements by time)' +
      '\n\nDATABASE_URL: the server to use; unset, a private durable PostgreSQL cluster is started.',
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
