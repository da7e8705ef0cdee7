import os from 'node:os';
import { type CpuSplit, type ForeignLoad, noisyNote } from '../support/measure';
import { type ProjectionsBenchResults } from './results';
import { ROUND_MS } from './shop/simulation';
import { percent, TARGET_SHARE } from './tables';

type Measured = Omit<ProjectionsBenchResults, 'limits'>;

/** How the numbers were made, and anything in this run that qualifies them. */
export function notes(r: ProjectionsBenchResults, source: string): string[] {
  const { generated, config } = r;
  const orders = Object.values(generated.orders).reduce((s, n) => s + n, 0);
  const list = [
    `Store: ${generated.events.toLocaleString('en-US')} events (${generated.appends.toLocaleString('en-US')} ` +
      `appends) of a simulated shop over ${generated.rounds} rounds of ${ROUND_MS / 60_000} ` +
      `simulated minutes: ${generated.plan.products.toLocaleString('en-US')}+ products, ` +
      `${generated.plan.customers.toLocaleString('en-US')} customers, ` +
      `${orders.toLocaleString('en-US')} orders (${describeOutcomes(generated.orders)}). Every ` +
      "event is a command decided by the domain's decider on the aggregate's state, kept in " +
      'memory while generating (decide, then evolve), with metadata as handleCommand writes it; ' +
      "each round's events of one stream go in one append with the exact expected revision, " +
      `${config.writers} appends at a time. A reaction to another stream's event (the saga's ` +
      "reservations, confirmations and releases, the dispatcher's mails, restocking) is decided " +
      'in a later round than its cause, so it follows it in $all.',
    "Generated with synchronous_commit=off on the generator's connections (setup, not measured; " +
      'a CHECKPOINT follows), password hashes have the real scrypt format with random bytes ' +
      '(hashing them would add ~33 ms per user and change nothing stored). Store source: ' +
      `${source}; each run measures a fresh copy of the generated database (no read-model tables yet).`,
    `Measured in a child process of its own, opened as \`shopstream projections rebuild\` opens its ` +
      'stores (cli/system.ts: event-store pool, read-model knex pool, in-process leases without ' +
      `REDIS_URL) and calling rebuildProjections as it does, with batchSize ${config.batchSize}. ` +
      'Order: one untimed $all read (warm-up), a timed read, read + upcast, rebuild all, ' +
      `${config.readPasses > 2 ? 'a timed read, ' : ''}each projection alone, ` +
      `${config.readPasses > 1 ? 'a timed read, ' : ''}then (with --profile, or when rebuild all ` +
      'fell short) rebuild all again under the V8 profiler and pg_stat_statements (when loaded: ' +
      '--profile on the private cluster). CHECKPOINT before each phase.',
    'Rates are all events in the store / wall time, for reads and rebuilds alike: a projection ' +
      'rebuilt alone still reads every event. "vs $all read" divides by the mean rate of the timed ' +
      'read passes of this run. Each rebuild replaces the tables the previous one swapped in, so ' +
      'every rebuild after the first also drops a full generation of tables at its swap.',
    `Read API: createReadApi in a child process (pool, event store and coordination from its ` +
      `configuration), autocannon in this process at ${config.connections} connections, one run ` +
      `per workload. Catalog search: "${r.search.word}" matches ${r.search.matches.toLocaleString('en-US')} ` +
      `active products. Customer history: ${r.customers.sampled} customers with the most orders ` +
      `(${r.customers.ordersEach.min} to ${r.customers.ordersEach.max} each), a random one per ` +
      `request with their own token. Admin: ${r.paidOrders.toLocaleString('en-US')} paid orders. ` +
      `The machine's ${os.cpus().length} cores are shared by autocannon, the API and PostgreSQL.`,
  ];
  const reads = r.reads.map((p) => p.events / (p.ms / 1_000));
  if (reads.length > 1) {
    const spread = (Math.max(...reads) - Math.min(...reads)) / Math.min(...reads);
    if (spread > 0.1) {
      list.push(
        `The timed $all reads differed by ${percent(spread)} (${reads.map((v) => Math.round(v).toLocaleString('en-US')).join(' vs ')} events/s): the ratio moves with them.`,
      );
    }
  }
  const noisy = noisyNote(foreignLoad(r));
  if (noisy) list.push(noisy);
  return list;
}

/**
 * What limits the rebuild, said from this run's numbers: the ratio, who was busy (the rebuild
 * process's one JS thread, PostgreSQL, or neither), the upcast's share, the projections' costs,
 * and with a profile the layers and statements that took the time.
 */
export function findings(r: Measured): string[] {
  const events = r.store.events;
  const rebuildRate = events / (r.rebuildAll.ms / 1_000);
  const list = [
    `rebuild all: ${fmt(rebuildRate)} events/s, ${percent(r.share)} of the $all read rate ` +
      `measured in this run (${fmt(r.readRate)} events/s): ${r.verdict === 'PASS' ? 'meets' : 'falls short of'} ` +
      `the ${TARGET_SHARE * 100}% goal.`,
  ];
  const cpu = r.rebuildAll.cpu;
  if (cpu) list.push(`During rebuild all: ${describeCpu(cpu)}.`);

  const readMs = r.reads.reduce((s, p) => s + p.ms, 0) / r.reads.length;
  const upcastMs = r.readAndUpcast.ms - readMs;
  const upcast =
    upcastMs > readMs * 0.05
      ? `upcasting the ${fmt(r.readAndUpcast.projected)} handled events adds ` +
        `${((upcastMs * 1_000) / Math.max(1, r.readAndUpcast.projected)).toFixed(1)} µs each ` +
        `(${(upcastMs / 1_000).toFixed(1)} s)`
      : `upcasting the ${fmt(r.readAndUpcast.projected)} handled events costs less than the ` +
        `read's own variation (read + upcast: ${(r.readAndUpcast.ms / 1_000).toFixed(1)} s)`;
  list.push(
    `Reading $all takes ${(readMs / 1_000).toFixed(1)} s of the rebuild's ` +
      `${(r.rebuildAll.ms / 1_000).toFixed(1)} s (${percent(readMs / r.rebuildAll.ms)}); ${upcast}. ` +
      'The rest is applying: building, sending and executing the read-model writes.',
  );

  const alone = [...r.alone].sort((a, b) => b.ms - a.ms);
  const sumAlone = alone.reduce((s, run) => s + run.ms, 0);
  if (alone.length > 0) {
    list.push(
      `Alone, the slowest projections are ${alone
        .slice(0, 3)
        .map((run) => `${run.projections[0]} ${(run.ms / 1_000).toFixed(1)} s`)
        .join(', ')}; the cheapest, ${alone
        .slice(-1)
        .map((run) => `${run.projections[0]}, takes ${(run.ms / 1_000).toFixed(1)} s`)
        .join(
          '',
        )} against ${(readMs / 1_000).toFixed(1)} s for the bare read. All of them alone take ` +
        `${(sumAlone / 1_000).toFixed(1)} s in total; together in one pass ${(r.rebuildAll.ms / 1_000).toFixed(1)} s.`,
    );
  }
  const { profiled } = r;
  if (profiled?.profile) {
    const { profile } = profiled;
    const top = profile.categories
      .slice(0, 5)
      .map((c) => `${c.category} ${percent(c.ms / profiled.ms)}`)
      .join(', ');
    list.push(
      `Profiled rebuild all: the main thread was busy ${percent(profile.busyMs / profiled.ms)} of ` +
        `the wall time; self time: ${top}.`,
    );
    const applies = profile.inclusive
      .filter((f) => f.fn.startsWith('apply'))
      .map((f) => `${f.fn} ${percent(f.ms / profiled.ms)}`)
      .join(', ');
    if (applies) list.push(`Synchronous time inside each projection's apply: ${applies}.`);
    const rewrites = (profiled.statements ?? [])
      .filter((s) => s.statement.startsWith('INSERT INTO ') && s.totalMs >= profiled.ms * 0.02)
      .map((s) => {
        const table = s.statement.slice('INSERT INTO '.length);
        const stored = r.tableRows[table];
        const each = stored
          ? ` for ${fmt(stored)} rows (${(s.rows / stored).toFixed(1)} writes per row)`
          : '';
        const perRow = ((s.totalMs * 1_000) / Math.max(1, s.rows)).toFixed(0);
        return (
          `${table} ${fmt(s.rows)} rows written${each}, ${fmt(s.totalMs)} ms (${perRow} µs a ` +
          `row), ${s.walMiB} MiB WAL`
        );
      });
    if (rewrites.length > 0) {
      list.push(`Read-model writes during the profiled rebuild all: ${rewrites.join('; ')}.`);
    }
    if (profiled.statements && profiled.statements.length > 0) {
      const statements = profiled.statements
        .slice(0, 3)
        .map((s) => `${s.statement} ${fmt(s.totalMs)} ms in ${fmt(s.calls)} calls`)
        .join('; ');
      list.push(`PostgreSQL's top statements: ${statements}.`);
    }
  }
  return list;
}

function describeCpu(cpu: CpuSplit): string {
  const cores = os.cpus().length;
  const parts = [
    `the rebuild process used ${cpu.clientCores.toFixed(2)} cores`,
    `PostgreSQL ${cpu.serverCores === null ? '?' : cpu.serverCores.toFixed(2)}`,
    `the kernel ${cpu.kernelCores.toFixed(2)}`,
    `${cpu.idleCores.toFixed(2)} of ${cores} idle`,
  ].join(', ');
  const verdict =
    cpu.clientCores >= 0.85
      ? "the rebuild process's single JavaScript thread is saturated: Node-side work bounds the rate"
      : cpu.idleCores < 0.3
        ? 'the cores are saturated, the rebuild process and PostgreSQL competing for them'
        : (cpu.serverCores ?? 0) >= 0.85
          ? 'PostgreSQL is the busier side, and cores are left idle while one side waits for the other'
          : 'neither side is saturated: round trips and commits in series bound the rate';
  return `${parts}: ${verdict}`;
}

function describeOutcomes(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${fmt(n)} ${status}`)
    .join(', ');
}

function foreignLoad(r: ProjectionsBenchResults): ForeignLoad[] {
  const phases: [string, CpuSplit | null][] = [
    ...r.reads.map((p, i): [string, CpuSplit | null] => [`$all read #${i + 1}`, p.cpu]),
    ['read + upcast', r.readAndUpcast.cpu],
    ['rebuild all', r.rebuildAll.cpu],
    ...r.alone.map((run): [string, CpuSplit | null] => [`rebuild ${run.projections[0]}`, run.cpu]),
    ...r.readApi.map((w): [string, CpuSplit | null] => [w.workload, w.cpu]),
  ];
  return phases.flatMap(([where, cpu]) => (cpu ? [{ cores: cpu.otherCores, where }] : []));
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
