import { type Cell, type ReportTable } from '../report';
import { type CpuSplit, type Distribution } from '../support/measure';
import { type EventStoreBenchConfig } from './config';
import { type Results, type SubjectResult } from './results';
import { type SubjectName } from './store-under-test';
type Titled = ReportTable & { title: string };

/** What a row must reach: a multiple of Emmett, a share of the ceiling, or a ceiling in ms. */
type Target = Readonly<{ timesEmmett?: number; shareOfCeiling?: number; belowMs?: number }>;

type Row = Readonly<{
  metric: string;
  value: (result: SubjectResult) => number | null;
  target?: Target;
}>;

export const HEADLINE_COLUMNS = [
  'metric',
  'ours',
  'Emmett',
  'ours/Emmett',
  'ceiling',
  'ours/ceiling',
  'target',
  'verdict',
] as const;

function rows(config: EventStoreBenchConfig): Row[] {
  const { concurrent, batched, read } = config;
  return [
    {
      metric: 'appends/s, 1 event, 1 writer',
      value: (r) => r.single.appendsPerSecond,
      target: { shareOfCeiling: 0.6 },
    },
    {
      metric: `appends/s, 1 event, ${concurrent.writers} writers`,
      value: (r) => r.concurrent.appendsPerSecond,
      target: { timesEmmett: 1.5, shareOfCeiling: 0.6 },
    },
    {
      metric: `events/s, ${batched.eventsPerAppend}-event appends, ${batched.writers} writers`,
      value: (r) => r.batched.eventsPerSecond,
      target: { timesEmmett: 1.5, shareOfCeiling: 0.6 },
    },
    {
      metric: `$all read events/s (${read.events.toLocaleString('en-US')} events)`,
      value: (r) => r.read.eventsPerSecond,
      target: { timesEmmett: 1.5 },
    },
    { metric: 'subscription latency p50, ms', value: (r) => r.live?.latencyMs.p50 ?? null },
    {
      metric: 'subscription latency p99, ms',
      value: (r) => r.live?.latencyMs.p99 ?? null,
      target: { belowMs: 50 },
    },
  ];
}

export function headlineTable(results: Results, config: EventStoreBenchConfig): Titled {
  return {
    title: 'Event store: ours vs Emmett 0.42 vs bare PostgreSQL (same server, same workload)',
    columns: HEADLINE_COLUMNS,
    rows: rows(config).map((row) => {
      const ours = row.value(results.ours);
      const emmett = row.value(results.emmett);
      const ceiling = row.value(results.ceiling);
      const vsEmmett = ratio(ours, emmett);
      const vsCeiling = ratio(ours, ceiling);
      return [
        row.metric,
        ours,
        emmett,
        vsEmmett === null ? null : `${vsEmmett.toFixed(2)}x`,
        ceiling,
        vsCeiling === null ? null : `${Math.round(vsCeiling * 100)}%`,
        row.target ? describeTarget(row.target) : '-',
        row.target ? verdict(row.target, ours, vsEmmett, vsCeiling) : '-',
      ];
    }),
  };
}

/** Per-append latency and where the CPU went, per phase: the "why" behind the headline. */
export function detailTable(results: Results): Titled {
  const phases: [string, (r: SubjectResult) => { latency?: Distribution; cpu: CpuSplit | null }][] =
    [
      ['1 writer', (r) => ({ latency: r.single.appendLatencyMs, cpu: r.single.cpu })],
      [
        'concurrent writers',
        (r) => ({ latency: r.concurrent.appendLatencyMs, cpu: r.concurrent.cpu }),
      ],
      ['batched appends', (r) => ({ latency: r.batched.appendLatencyMs, cpu: r.batched.cpu })],
      ['$all read', (r) => ({ cpu: r.read.cpu })],
      ['live delivery', (r) => ({ cpu: r.live?.cpu ?? null })],
    ];
  const subjects: SubjectName[] = ['ours', 'emmett', 'ceiling'];
  return {
    title:
      'Per phase: append latency p50 / p99 ms | CPU in cores: bench process / postgres / ' +
      'kernel / other processes / idle',
    columns: ['phase', ...subjects.flatMap((s) => [`${s} latency`, `${s} cpu`])],
    rows: [
      ...phases.map(([name, pick]) => [
        name,
        ...subjects.flatMap((s): Cell[] => {
          const { latency, cpu } = pick(results[s]);
          return [
            latency ? `${fixed(latency.p50)} / ${fixed(latency.p99)}` : '-',
            describeCpu(cpu),
          ];
        }),
      ]),
      // The store's worker (client) process; its peak is over every phase above.
      [
        'process RSS MiB, peak / end',
        ...subjects.flatMap((s): Cell[] => {
          const memory = results[s].memory;
          return [
            memory ? `${Math.round(memory.peakMiB)} / ${Math.round(memory.rssMiB)}` : '-',
            '-',
          ];
        }),
      ],
    ],
  };
}

export function profileTables(results: Results): Titled[] {
  return (['ours', 'emmett', 'ceiling'] as const).flatMap((subject) => {
    const profile = results[subject].profile;
    if (!profile) return [];
    return [
      {
        title: `pg_stat_statements, ${subject}: top statements per phase`,
        columns: ['phase', 'calls', 'total ms', 'mean ms', 'query'],
        rows: Object.entries(profile).flatMap(([phase, stats]) =>
          stats.map((s) => [phase, s.calls, s.totalMs, s.meanMs, s.query]),
        ),
      },
    ];
  });
}

/** True when every row with a target passed. */
export function allTargetsMet(table: ReportTable): boolean {
  const at = HEADLINE_COLUMNS.indexOf('verdict');
  return table.rows.every((row) => row[at] === '-' || row[at] === 'PASS');
}

function describeTarget(target: Target): string {
  return [
    target.timesEmmett !== undefined ? `>=${target.timesEmmett}x Emmett` : undefined,
    target.shareOfCeiling !== undefined ? `>=${target.shareOfCeiling * 100}% ceiling` : undefined,
    target.belowMs !== undefined ? `<${target.belowMs} ms` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function verdict(
  target: Target,
  ours: number | null,
  vsEmmett: number | null,
  vsCeiling: number | null,
): string {
  const met = [
    target.timesEmmett === undefined || (vsEmmett !== null && vsEmmett >= target.timesEmmett),
    target.shareOfCeiling === undefined ||
      (vsCeiling !== null && vsCeiling >= target.shareOfCeiling),
    target.belowMs === undefined || (ours !== null && ours < target.belowMs),
  ];
  return met.every(Boolean) ? 'PASS' : 'SHORT';
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0
    ? null
    : a / b;
}

/** "node / postgres / kernel / other / idle" in cores. */
function describeCpu(cpu: CpuSplit | null): string {
  if (!cpu) return '-';
  const { clientCores, serverCores, kernelCores, otherCores, idleCores } = cpu;
  return [clientCores, serverCores, kernelCores, otherCores, idleCores]
    .map((cores) => (cores === null ? '?' : cores.toFixed(2)))
    .join(' / ');
}

function fixed(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 2 : 1) : '-';
}
