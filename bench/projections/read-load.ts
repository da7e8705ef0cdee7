import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { AccessTokens } from '../../platform/auth/access-tokens';
import { type CpuMeter, type CpuSplit } from '../support/measure';
import { memoryPhase, type PhaseMemory } from '../support/process-memory';
import { type LoadResult, runLoad } from '../write/load';
import { READ_FLOOR_PATH } from './read-floor-server';
import { type WorkerProcess } from './worker-process';

/** One read API workload, measured in one autocannon run (bench/write/load.ts). */
export type ReadWindow = Readonly<{
  workload: string;
  path: string;
  connections: number;
  load: LoadResult;
  /** Items on the page a first request returned (20 is a full page). */
  itemsPerPage: number;
  /** Where the cores went in the window; `apiCores` is the read API's process. */
  cpu: (CpuSplit & { apiCores: number }) | null;
  apiCpuMsPerRequest: number;
  /** The read API process's resident memory: peak over the window and at its end. */
  apiMemory: PhaseMemory | null;
}>;

export type ReadWorkload = Readonly<{
  workload: string;
  path: string;
  /** A bearer token per request (a random customer's, or the admin's); none: public. */
  token?: () => string;
}>;

export const READ_WORKLOADS = {
  search: 'catalog search',
  customerOrders: 'order history, customer',
  adminPaid: 'order history, admin, status=paid',
  searchFloor: 'catalog search floor: bare Fastify, same SELECT',
} as const;

/** The catalog search workload sent to the floor (read-floor-server.ts) instead of the API. */
export function floorWorkload(search: ReadWorkload): ReadWorkload {
  const query = search.path.slice(search.path.indexOf('?'));
  return { workload: READ_WORKLOADS.searchFloor, path: `${READ_FLOOR_PATH}${query}` };
}

/**
 * The three reads the issue asks for: a full-text catalog search sorted by price, a customer's
 * own order history (a random one of the customers with the most orders, each with their own
 * token), and the admin's paid orders. Tokens are minted with the secret the read API was given.
 */
export async function readWorkloads(
  jwtSecret: string,
  searchWord: string,
  customers: readonly { userId: string; email: string }[],
  pick: () => number,
): Promise<ReadWorkload[]> {
  const tokens = new AccessTokens({ secret: jwtSecret });
  const sign = (sub: string, roles: ('customer' | 'admin')[], email?: string) =>
    tokens.sign({ sub, roles, email }, { expiresInSeconds: 3_600 }).then((signed) => signed.token);
  const customerTokens = await Promise.all(
    customers.map((c) => sign(c.userId, ['customer'], c.email)),
  );
  const admin = await sign(randomUUID(), ['admin']);
  return [
    {
      workload: READ_WORKLOADS.search,
      path: `/api/v1/products?q=${encodeURIComponent(searchWord.toLowerCase())}&sort=price`,
    },
    {
      workload: READ_WORKLOADS.customerOrders,
      path: '/api/v1/orders',
      token: () => customerTokens[Math.floor(pick() * customerTokens.length)],
    },
    { workload: READ_WORKLOADS.adminPaid, path: '/api/v1/orders?status=paid', token: () => admin },
  ];
}

export async function measureReadWindow(
  baseUrl: string,
  workload: ReadWorkload,
  options: { connections: number; warmupSeconds: number; durationSeconds: number },
  api: WorkerProcess,
  meter: CpuMeter,
): Promise<ReadWindow> {
  console.log(`[projections] read API: ${workload.workload}, ${options.connections} connections`);
  const itemsPerPage = await preflight(baseUrl, workload);
  const requests: autocannon.Request[] = [
    {
      method: 'GET',
      path: workload.path,
      setupRequest: (request) =>
        workload.token
          ? { ...request, headers: { authorization: `Bearer ${workload.token()}` } }
          : request,
    },
  ];
  let before: { cpu: number; at: number } | undefined;
  let after: { cpu: number; at: number } | undefined;
  let stopMeter: (() => CpuSplit | null) | undefined;
  let split: CpuSplit | null = null;
  let phase: ReturnType<typeof memoryPhase> | undefined;
  let memory: PhaseMemory | null = null;
  const load = await runLoad(
    {
      url: baseUrl,
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      seconds: options.durationSeconds,
      requests,
    },
    {
      open: async () => {
        before = { cpu: await api.call<number>({ kind: 'usage' }), at: performance.now() };
        phase = memoryPhase(api.pid);
        stopMeter = meter.start();
      },
      close: async () => {
        split = stopMeter?.() ?? null;
        memory = phase?.end() ?? null;
        after = { cpu: await api.call<number>({ kind: 'usage' }), at: performance.now() };
      },
    },
  );
  if (!before || !after) throw new Error('the measured window never closed');
  const apiCpuMs = (after.cpu - before.cpu) / 1_000;
  const apiCores = apiCpuMs / (after.at - before.at);
  // Assigned in a callback: TypeScript cannot see it, hence the annotation.
  const measured = split as CpuSplit | null;
  return {
    workload: workload.workload,
    path: workload.path,
    connections: options.connections,
    load,
    itemsPerPage,
    cpu: measured && {
      ...measured,
      apiCores: round(apiCores),
      // The meter counts the API process as "other": it is ours, so take it out.
      otherCores: Math.max(0, round(measured.otherCores - apiCores)),
    },
    apiCpuMsPerRequest: load.responses > 0 ? apiCpuMs / load.responses : NaN,
    apiMemory: memory,
  };
}

/** One request first: a broken route fails here with its answer, not as a wall of non-2xx. */
async function preflight(baseUrl: string, workload: ReadWorkload): Promise<number> {
  const response = await fetch(`${baseUrl}${workload.path}`, {
    headers: workload.token ? { authorization: `Bearer ${workload.token()}` } : {},
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `${workload.workload}: GET ${workload.path} answered ${response.status}: ${text}`,
    );
  }
  const { items } = JSON.parse(text) as { items: unknown[] };
  if (items.length === 0)
    throw new Error(`${workload.workload}: GET ${workload.path} found nothing`);
  return items.length;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
