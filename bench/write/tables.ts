import { type Cell, type ReportTable } from '../report';
import { memoryCell } from '../support/process-memory';
import { type WindowResult } from './measure-window';
import { type ScryptCost } from './scrypt-cost';
import { WORKLOADS } from './workloads';

type Titled = ReportTable & { title: string };

export const HEADLINE_COLUMNS = [
  'metric',
  'connections',
  'req/s',
  'p50 ms',
  'p99 ms',
  'floor req/s',
  'share',
  'non-2xx',
] as const;

const isFloor = (w: WindowResult) => w.workload === WORKLOADS.floor;

/** In WORKLOADS order (the floor's own rows last), then by connections. */
function ordered(windows: readonly WindowResult[]): WindowResult[] {
  const order: string[] = Object.values(WORKLOADS);
  return [...windows].sort(
    (a, b) =>
      order.indexOf(a.workload) - order.indexOf(b.workload) || a.connections - b.connections,
  );
}

export function headlineTable(windows: readonly WindowResult[]): Titled {
  const floorAt = (connections: number) =>
    windows.find((w) => isFloor(w) && w.connections === connections);
  return {
    title: 'Write API over HTTP (autocannon) vs a bare Fastify + one INSERT floor, same machine',
    columns: HEADLINE_COLUMNS,
    rows: ordered(windows).map((w) => {
      const floor = isFloor(w) ? undefined : floorAt(w.connections);
      const { requestsPerSecond, latencyMs } = w.load;
      return [
        w.workload,
        w.connections,
        requestsPerSecond,
        latencyMs.p50,
        latencyMs.p99,
        floor ? floor.load.requestsPerSecond : null,
        floor ? percent(requestsPerSecond / floor.load.requestsPerSecond) : '-',
        failures(w),
      ];
    }),
  };
}

export const COST_COLUMNS = [
  'metric',
  'connections',
  'server CPU ms/req',
  'pg queries/req',
  'redis cmds/req',
  'server RSS MiB (peak/end)',
  'client cores',
  'server cores',
  'postgres cores',
  'kernel irq cores',
  'other cores',
  'idle cores',
] as const;

export function costTable(windows: readonly WindowResult[]): Titled {
  return {
    title:
      'Per request and where the cores went (client = autocannon process, server = API or floor process)',
    columns: COST_COLUMNS,
    rows: ordered(windows).map((w) => [
      w.workload,
      w.connections,
      w.serverCpuMsPerRequest,
      w.pgQueriesPerRequest,
      w.redisCommandsPerRequest,
      memoryCell(w.memory),
      w.cpu?.clientCores ?? null,
      w.cpu?.apiCores ?? null,
      w.cpu?.serverCores ?? null,
      w.cpu?.interruptCores ?? null,
      w.cpu?.otherCores ?? null,
      w.cpu?.idleCores ?? null,
    ]),
  };
}

/** Step 8's goal for the embedded default: a quarter of Postgres mode's rate, p99 under 200 ms. */
export const EMBEDDED_TARGET = { share: 0.25, p99Ms: 200 } as const;

export const EMBEDDED_COLUMNS = [
  'connections',
  'embedded req/s',
  'p50 ms',
  'p99 ms',
  'Postgres mode req/s',
  'share',
  'target',
  'verdict',
  'RSS MiB (peak/end)',
] as const;

/** With --embedded: place-order on `shopstream start` against Postgres mode's, same run. */
export function embeddedTable(windows: readonly WindowResult[]): Titled[] {
  const embedded = windows.filter((w) => w.workload === WORKLOADS.placeOrderEmbedded);
  if (embedded.length === 0) return [];
  return [
    {
      title:
        'place-order on the embedded default (`shopstream start`: PGlite, every part in one ' +
        'process) vs the write API in Postgres mode, same connections, same run',
      columns: EMBEDDED_COLUMNS,
      rows: embedded.map((w) => {
        const postgres = windows.find(
          (p) => p.workload === WORKLOADS.placeOrder && p.connections === w.connections,
        );
        const share = postgres
          ? w.load.requestsPerSecond / postgres.load.requestsPerSecond
          : Number.NaN;
        const passes =
          share >= EMBEDDED_TARGET.share && w.load.latencyMs.p99 < EMBEDDED_TARGET.p99Ms;
        return [
          w.connections,
          w.load.requestsPerSecond,
          w.load.latencyMs.p50,
          w.load.latencyMs.p99,
          postgres ? postgres.load.requestsPerSecond : null,
          percent(share),
          `>=${EMBEDDED_TARGET.share * 100}%, p99 < ${EMBEDDED_TARGET.p99Ms} ms`,
          postgres ? (passes ? 'PASS' : 'SHORT') : 'n/a (no Postgres window at this count)',
          memoryCell(w.memory),
        ];
      }),
    },
  ];
}

/** The hash alone bounds registrations: how close the measured rate comes to that bound. */
export function scryptTable(
  costs: readonly ScryptCost[],
  windows: readonly WindowResult[],
): Titled {
  const cores = costs[0]?.cores ?? 0;
  return {
    title: 'scrypt alone (hashPassword, r=8 p=1, nothing else running) vs registrations measured',
    columns: [
      'scrypt N',
      'ms/hash, 1 core',
      `hashes/s, ${cores} cores`,
      'register req/s',
      'connections',
      'share of hash ceiling',
    ],
    rows: costs.map((cost) => {
      const workload = cost.N === costs[0].N ? WORKLOADS.register : WORKLOADS.registerCheapHash;
      const measured = windows
        .filter((w) => w.workload === workload)
        .sort((a, b) => b.connections - a.connections)[0];
      return [
        `2^${Math.log2(cost.N)}`,
        cost.msPerHash,
        cost.hashesPerSecond,
        measured?.load.requestsPerSecond ?? null,
        measured?.connections ?? null,
        measured ? percent(measured.load.requestsPerSecond / cost.hashesPerSecond) : '-',
      ];
    }),
  };
}

/** Categories shown one by one; the rest are summed into one row. */
const PROFILE_ROWS = 14;

/** With --profile: the server's main-thread self time per request, by layer. */
export function profileTables(windows: readonly WindowResult[]): Titled[] {
  const profiled = windows.filter((w) => w.profile);
  if (profiled.length === 0) return [];
  const perRequest = (w: WindowResult, ms: number) => ms / Math.max(1, w.load.responses);
  const totals = new Map<string, number>();
  for (const w of profiled) {
    for (const { category, ms } of w.profile!.mainThread.categories) {
      totals.set(category, (totals.get(category) ?? 0) + perRequest(w, ms));
    }
  }
  const categories = [...totals].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const shown = categories.slice(0, PROFILE_ROWS);
  const msOf = (w: WindowResult, names: readonly string[]) =>
    perRequest(
      w,
      w
        .profile!.mainThread.categories.filter((c) => names.includes(c.category))
        .reduce((sum, c) => sum + c.ms, 0),
    );
  const rows: Cell[][] = shown.map((name) => [name, ...profiled.map((w) => msOf(w, [name]))]);
  if (categories.length > shown.length) {
    const rest = categories.slice(PROFILE_ROWS);
    rows.push([`${rest.length} more`, ...profiled.map((w) => msOf(w, rest))]);
  }
  rows.push([
    '= main thread not idle (wall time)',
    ...profiled.map((w) => perRequest(w, w.profile!.mainThread.busyMs)),
  ]);
  rows.push([
    'server process CPU time (all threads)',
    ...profiled.map((w) => w.serverCpuMsPerRequest),
  ]);
  const tables: Titled[] = [
    {
      title:
        'Server main thread, ms per request by layer (V8 sampling profile, self time on wall ' +
        'clock: includes waiting for a core when the machine is saturated)',
      columns: ['category', ...profiled.map((w) => `${w.workload} @${w.connections}`)],
      rows,
    },
  ];
  for (const w of profiled) {
    const statements = w.profile!.statements;
    if (!statements) continue;
    tables.push({
      title:
        `pg_stat_statements, ${w.workload} @${w.connections} (top by total time; ` +
        'statements inside append_events are counted too)',
      columns: ['statement', 'calls/req', 'mean ms', 'total ms'],
      rows: statements.map((s) => [
        s.query,
        s.calls / Math.max(1, w.load.responses),
        s.meanMs,
        s.totalMs,
      ]),
    });
  }
  return tables;
}

/** Everything that was not a 2xx answer, warm-up and tail included. */
export function failures(w: WindowResult): number {
  return w.load.non2xx + w.load.errors;
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a';
}
