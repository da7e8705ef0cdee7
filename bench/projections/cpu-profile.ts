import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the rebuild process's main thread spends its time, from V8's sampling profiler (1 ms):
 * self time by layer (our folders one level finer than bench/write's profile: each projection,
 * the runtime, the event store, the upcasters), and the synchronous time under a few functions
 * that matter here (each projection's apply, toProjected). Samples are wall-clock: on a busy
 * machine a frame also collects time spent waiting for a core.
 */
export type ProfileSummary = Readonly<{
  windowMs: number;
  /** Sampled time the main thread was not idle (waiting on I/O shows as idle). */
  busyMs: number;
  categories: readonly { category: string; ms: number }[];
  /** Synchronous time with the named function on the stack (its callees included). */
  inclusive: readonly { fn: string; ms: number }[];
  /** The functions with the most self time, wherever they are. */
  functions: readonly { fn: string; category: string; ms: number }[];
}>;

type ProfileNode = Readonly<{
  id: number;
  callFrame: Readonly<{ functionName: string; url: string; lineNumber?: number }>;
  children?: readonly number[];
}>;

type Profile = Readonly<{
  nodes: readonly ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: readonly number[];
  timeDeltas?: readonly number[];
}>;

/**
 * Functions whose inclusive time is worth a row (by name, and by file where the name is common):
 * each projection's apply, the upcast, and RowBatch's select and upsert building.
 */
const INCLUSIVE: readonly { fn: string; file?: string; label: string }[] = [
  ...['Catalog', 'Inventory', 'Order', 'User', 'Notification', 'Analytics'].map((name) => ({
    fn: `apply${name}Events`,
    label: `apply${name}Events`,
  })),
  { fn: 'toProjected', label: 'toProjected (upcast + wrap)' },
  { fn: 'load', file: 'projections/runtime/row-batch.ts', label: 'RowBatch.load' },
  { fn: 'flush', file: 'projections/runtime/row-batch.ts', label: 'RowBatch.flush' },
  { fn: 'addCounters', label: 'addCounters' },
];

function inclusiveLabel({ functionName, url }: ProfileNode['callFrame']): string | undefined {
  return INCLUSIVE.find(
    (entry) => entry.fn === functionName && (!entry.file || url.endsWith(entry.file)),
  )?.label;
}

export async function startCpuProfile(): Promise<{ stop(): Promise<ProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1_000 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return summarise(profile as Profile);
    },
  };
}

const REPO_URL = pathToFileURL(path.resolve(__dirname, '../..')).href + '/';

const PACKAGES: Readonly<Record<string, string>> = {
  pg: 'pg driver (protocol, row parsing)',
  'pg-pool': 'pg driver (protocol, row parsing)',
  'pg-protocol': 'pg driver (protocol, row parsing)',
  'pg-types': 'pg driver (protocol, row parsing)',
  'postgres-array': 'pg driver (protocol, row parsing)',
  'postgres-date': 'pg driver (protocol, row parsing)',
  knex: 'knex (query building, bindings)',
  tarn: 'knex (query building, bindings)',
  lodash: 'knex (query building, bindings)',
};

function category({ functionName, url }: ProfileNode['callFrame']): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8 native (program)';
    if (functionName === 'parse') return 'JSON.parse';
    if (functionName === 'stringify') return 'JSON.stringify';
    return `builtin: ${functionName || '(anonymous)'}`;
  }
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (packages.length > 0) {
    const name = packages[packages.length - 1][1];
    return PACKAGES[name] ?? `package ${name}`;
  }
  if (url.startsWith('node:')) return 'Node core (net, streams, timers)';
  if (url.startsWith(REPO_URL)) {
    const parts = url.slice(REPO_URL.length).split('/');
    if (parts[0] === 'projections' || parts[0] === 'platform') {
      return `ours: ${parts[0]}/${parts[1].replace(/\.ts$/, '')}`;
    }
    return `ours: ${parts[0]}`;
  }
  return 'other';
}

export function summarise(profile: Profile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, { fn: string; category: string; ms: number }>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let idleUs = 0;
  let sampledUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i] ?? 0;
    sampledUs += us;
    const node = byId.get(samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = category(node.callFrame);
    totals.set(name, (totals.get(name) ?? 0) + us);
    const fn = functionLabel(node.callFrame);
    const entry = functions.get(fn) ?? { fn, category: name, ms: 0 };
    entry.ms += us / 1_000;
    functions.set(fn, entry);
    const seen = new Set<string>();
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const label = frame && inclusiveLabel(frame);
      if (label && !seen.has(label)) {
        seen.add(label);
        inclusive.set(label, (inclusive.get(label) ?? 0) + us);
      }
    }
  }
  return {
    windowMs: (profile.endTime - profile.startTime) / 1_000,
    busyMs: (sampledUs - idleUs) / 1_000,
    categories: [...totals]
      .map(([name, us]) => ({ category: name, ms: us / 1_000 }))
      .sort((a, b) => b.ms - a.ms),
    inclusive: [...inclusive]
      .map(([fn, us]) => ({ fn, ms: us / 1_000 }))
      .sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, 25),
  };
}

/** `name (file:line)`, the file relative to the repository or to node_modules. */
function functionLabel({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  const file = url.startsWith(REPO_URL)
    ? url.slice(REPO_URL.length).replace(/^node_modules\//, '')
    : url.replace(/^.*node_modules\//, '');
  return `${name} (${file}:${(lineNumber ?? 0) + 1})`;
}
