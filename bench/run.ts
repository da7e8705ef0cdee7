import { type Benchmark, type BenchOptions } from './benchmark';
import { renderReport, saveReport } from './report';

/**
 * `npm run bench -- <name|all> [--quick] [--profile]`: runs benchmarks, prints their tables and
 * saves each report as bench/results/<name>-<timestamp>.json. Without a name, lists them.
 */
const BENCHMARKS: Record<string, { description: string; load: () => Promise<Benchmark> }> = {
  eventstore: {
    description:
      'event store appends, $all reads and subscription latency: ours vs Emmett vs bare Postgres',
    load: async () => (await import('./eventstore')).eventStoreBenchmark,
  },
  write: {
    description:
      'write API over HTTP (autocannon): register and place-order vs a bare Fastify + INSERT floor',
    load: async () => (await import('./write')).writeBenchmark,
  },
};

const FLAGS = new Set(['--quick', '--profile']);

async function main(args: string[]): Promise<number> {
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
    const benchmark = await BENCHMARKS[name].load();
    const report = await benchmark.run(options);
    console.log(`\n${renderReport(report)}`);
    console.log(`\nsaved ${await saveReport(report)}`);
  }
  return 0;
}

function printUsage(): void {
  console.log('usage: npm run bench -- <name|all> [--quick] [--profile]\n\nbenchmarks:');
  for (const [name, { description }] of Object.entries(BENCHMARKS)) {
    console.log(`  ${name.padEnd(12)} ${description}`);
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
