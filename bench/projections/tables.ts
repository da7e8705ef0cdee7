import { allProjections } from '../../projections';
import { type Cell, type ReportTable } from '../report';
import { type CpuSplit } from '../support/measure';
import { memoryCell, type PhaseMemory } from '../support/process-memory';
import { type ProjectionsBenchResults } from './results';
import { type LiveLatency } from './live-probe';
import { READ_WORKLOADS, type ReadWindow } from './read-load';
import { type RebuildRun } from './rebuild-session';

type Titled = ReportTable & { title: string };

/** The goal: rebuild at half the raw $all read rate or better. */
export const TARGET_SHARE = 0.5;

export const HEADLINE_COLUMNS = [
  'measurement',
  'seconds',
  'events/s',
  'vs $all read',
  'target',
  'verdict',
  'RSS MiB (peak/end)',
] as const;

export function reportTables(results: ProjectionsBenchResults): Titled[] {
  return [
    headlineTable(results),
    projectionTable(results),
    timeTable(results),
    liveTable(results),
    ...profileTables(results.profiled),
    readApiTable(results),
    storeTable(results),
  ];
}

/**
 * Every rate over the same event count (all events in the store, handled or not), so they
 * compare directly: a projection rebuilt alone still reads all of $all.
 */
export function headlineTable(r: ProjectionsBenchResults): Titled {
  const events = r.store.events;
  const readSeconds = r.reads.reduce((s, p) => s + p.ms, 0) / 1_000 / r.reads.length;
  const row = (
    name: string,
    seconds: number,
    memory: PhaseMemory | null = null,
    target = '-',
    verdict = '-',
  ): Cell[] => [
    name,
    seconds,
    events / seconds,
    percent(events / seconds / r.readRate),
    target,
    verdict,
    memoryCell(memory),
  ];
  return {
    title:
      `Projection rebuild vs raw $all read: ${events.toLocaleString('en-US')} events, the same ` +
      'database, measured in this run (rates = all events in the store / wall time)',
    columns: HEADLINE_COLUMNS,
    rows: [
      row(
        `$all read (readAll, batch ${r.config.batchSize}, no processing), mean of ${r.reads.length}`,
        readSeconds,
      ),
      row('$all read + upcast of handled events (toDomainEvent)', r.readAndUpcast.ms / 1_000),
      row(
        `projections rebuild all (${r.rebuildAll.projections.length} projections, one pass)`,
        r.rebuildAll.ms / 1_000,
        r.rebuildAll.memory,
        `>=${TARGET_SHARE * 100}%`,
        r.verdict,
      ),
      ...r.alone.map((run) =>
        row(`projections rebuild ${run.projections[0]} (alone)`, run.ms / 1_000, run.memory),
      ),
    ],
  };
}

export const PROJECTION_COLUMNS = [
  'projection',
  'events handled',
  'rows written',
  'alone: s',
  'alone: events/s',
  'in "all": apply s',
  'in "all": handled/s in apply',
] as const;

/** What each projection does and costs: `apply s` is the runtime's own applyMs (RebuildResult). */
export function projectionTable(r: ProjectionsBenchResults): Titled {
  return {
    title:
      'Per projection: alone = `projections rebuild <name>` on its own (all of $all read); ' +
      'in "all" = the runtime\'s applyMs for it during `rebuild all` (its transactions, which ' +
      "may overlap the other projections')",
    columns: PROJECTION_COLUMNS,
    rows: r.rebuildAll.results.map((result) => {
      const alone = r.alone.find((run) => run.projections[0] === result.projection);
      const rows = Object.entries(r.tableRows)
        .filter(([table]) => table.startsWith(`${result.projection}_`))
        .reduce((sum, [, n]) => sum + n, 0);
      return [
        result.projection,
        result.eventsApplied,
        rows,
        alone ? alone.ms / 1_000 : null,
        alone ? r.store.events / (alone.ms / 1_000) : null,
        result.applyMs / 1_000,
        result.applyMs > 0 ? result.eventsApplied / (result.applyMs / 1_000) : null,
      ];
    }),
  };
}

/** Each phase's wall time and where the machine's cores went meanwhile. */
export function timeTable(r: ProjectionsBenchResults): Titled {
  const phase = (name: string, ms: number, cpu: CpuSplit | null): Cell[] => [
    name,
    ms / 1_000,
    ...cores(cpu),
  ];
  return {
    title:
      'Where the time went: wall time per phase, and CPU in cores (rebuild process = the Node ' +
      'process reading and applying; kernel = interrupts and kernel threads; other = anything ' +
      'else on the machine)',
    columns: ['phase', 'seconds', 'rebuild process', 'postgres', 'kernel', 'other', 'idle'],
    rows: [
      ...r.reads.map((pass, i) => phase(`$all read #${i + 1}`, pass.ms, pass.cpu)),
      phase('$all read + upcast', r.readAndUpcast.ms, r.readAndUpcast.cpu),
      phase('rebuild all', r.rebuildAll.ms, r.rebuildAll.cpu),
      [
        '  of which the replay (one pass over $all)',
        r.rebuildAll.replayMs / 1_000,
        '',
        '',
        '',
        '',
        '',
      ],
      [
        '  of which catch-up, swap, drop old tables',
        r.rebuildAll.tailMs / 1_000,
        '',
        '',
        '',
        '',
        '',
      ],
      ...r.alone.map((run) => phase(`rebuild ${run.projections[0]} alone`, run.ms, run.cpu)),
      ...(r.profiled ? [phase('rebuild all, profiled', r.profiled.ms, r.profiled.cpu)] : []),
    ],
  };
}

const PROFILE_ROWS = 14;

export function profileTables(run: RebuildRun | null): Titled[] {
  if (!run?.profile) return [];
  const { profile } = run;
  const share = (ms: number) => percent(ms / run.ms);
  const shown = profile.categories.slice(0, PROFILE_ROWS);
  const rest = profile.categories.slice(PROFILE_ROWS).reduce((s, c) => s + c.ms, 0);
  const tables: Titled[] = [
    {
      title:
        'Rebuild process main thread during `rebuild all` (V8 sampling profile, 1 ms): self time ' +
        'by layer, then synchronous time under key functions (callees included)',
      columns: ['where', 'ms', 'share of wall'],
      rows: [
        ...shown.map((c): Cell[] => [c.category, c.ms, share(c.ms)]),
        ...(rest > 0 ? [['other layers', rest, share(rest)] as Cell[]] : []),
        ['= main thread busy', profile.busyMs, share(profile.busyMs)],
        [
          '  idle (waiting for PostgreSQL)',
          run.ms - profile.busyMs,
          share(run.ms - profile.busyMs),
        ],
        ...profile.inclusive.map((f): Cell[] => [`  under ${f.fn}`, f.ms, share(f.ms)]),
      ],
    },
  ];
  tables.push({
    title: 'The functions with the most self time in that profile',
    columns: ['function', 'layer', 'ms', 'share of wall'],
    rows: profile.functions.slice(0, 20).map((f): Cell[] => [f.fn, f.category, f.ms, share(f.ms)]),
  });
  if (run.statements) {
    tables.push({
      title:
        'PostgreSQL during that `rebuild all` (pg_stat_statements: execution time, grouped by ' +
        'statement and table, upserts included in INSERT; the WAL flush at commit is not counted)',
      columns: ['statement', 'calls', 'total ms', 'share of wall', 'mean ms', 'rows', 'WAL MiB'],
      rows: run.statements.map((s) => [
        s.statement,
        s.calls,
        s.totalMs,
        share(s.totalMs),
        s.meanMs,
        s.rows,
        s.walMiB,
      ]),
    });
  }
  return tables;
}

export const READ_API_COLUMNS = [
  'workload',
  'connections',
  'req/s',
  'p50 ms',
  'p99 ms',
  'non-2xx',
  'items/page',
  'API CPU ms/req',
  'API cores',
  'postgres cores',
  'autocannon cores',
  'idle cores',
  'API RSS MiB (peak/end)',
  'vs floor',
] as const;

/** Step 8's goal: the catalog search at half the rate of its bare floor or better. */
export const READ_FLOOR_TARGET_SHARE = 0.5;

export function readApiTable(r: ProjectionsBenchResults): Titled {
  const floor = r.readApi.find((w) => w.workload === READ_WORKLOADS.searchFloor);
  const versusFloor = (w: ReadWindow): string => {
    if (w.workload !== READ_WORKLOADS.search || !floor) return '-';
    const share = w.load.requestsPerSecond / floor.load.requestsPerSecond;
    const verdict = share >= READ_FLOOR_TARGET_SHARE ? 'PASS' : 'SHORT';
    return `${percent(share)} (target >=${READ_FLOOR_TARGET_SHARE * 100}%: ${verdict})`;
  };
  return {
    title:
      `Read API over HTTP (autocannon, ${r.config.warmupSeconds} s warm-up + ` +
      `${r.config.durationSeconds} s window) on the rebuilt read models`,
    columns: READ_API_COLUMNS,
    rows: r.readApi.map((w) => [
      w.workload,
      w.connections,
      w.load.requestsPerSecond,
      w.load.latencyMs.p50,
      w.load.latencyMs.p99,
      w.load.non2xx + w.load.errors,
      w.itemsPerPage,
      w.apiCpuMsPerRequest,
      w.cpu?.apiCores ?? null,
      w.cpu?.serverCores ?? null,
      w.cpu?.clientCores ?? null,
      w.cpu?.idleCores ?? null,
      memoryCell(w.apiMemory),
      versusFloor(w),
    ]),
  };
}

export const LIVE_COLUMNS = [
  'while',
  'appends',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'undelivered',
] as const;

/**
 * What the rebuild costs the live side: one append every few milliseconds from another process,
 * timed from the append's start until a subscriber to $all has it, with the store idle and during
 * `rebuild all` (a rebuild transaction that holds a transaction id holds every delivery back).
 */
export function liveTable(r: ProjectionsBenchResults): Titled {
  const row = (label: string, live: LiveLatency): Cell[] => [
    label,
    live.sent,
    live.latency.p50,
    live.latency.p95,
    live.latency.p99,
    live.latency.max,
    live.undelivered,
  ];
  return {
    title: `A live append's delivery to another subscriber, one every ${r.config.probeIntervalMs} ms`,
    columns: [...LIVE_COLUMNS],
    rows: [row('idle', r.live.idle), row('projections rebuild all', r.live.rebuildAll)],
  };
}

export function storeTable(r: ProjectionsBenchResults): Titled {
  const total = Object.values(r.generated.eventsByType).reduce((s, n) => s + n, 0);
  const handledBy = (type: string) =>
    allProjections
      .filter((p) => (p.eventTypes as readonly string[]).includes(type))
      .map((p) => p.name)
      .join(', ') || '(none)';
  return {
    title:
      `The generated store: ${r.generated.rounds} rounds of 15 simulated minutes ` +
      `(${r.generated.simulatedFrom} to ${r.generated.simulatedTo}), events by type`,
    columns: ['event type', 'events', 'share', 'projections'],
    rows: Object.entries(r.generated.eventsByType).map(([type, n]) => [
      type,
      n,
      percent(n / total),
      handledBy(type),
    ]),
  };
}

function cores(cpu: CpuSplit | null): Cell[] {
  if (!cpu) return [null, null, null, null, null];
  return [cpu.clientCores, cpu.serverCores, cpu.kernelCores, cpu.otherCores, cpu.idleCores];
}

export function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a';
}
