import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the API process's main thread spends its time during a window, from V8's sampling
 * profiler (`--profile`): self time grouped by package or by our own folder. Samples are taken
 * on wall-clock time, so on a saturated machine a frame also collects the time its thread waited
 * for a core; scrypt runs on libuv's pool and never shows. The caller compares with CPU time.
 */
export type ProfileSummary = Readonly<{
  /** Wall time the profile covered. */
  windowMs: number;
  /** Sampled time not idle: JS, GC, native code of the main thread. */
  busyMs: number;
  /** Self time per category, largest first (idle excluded). */
  categories: readonly { category: string; ms: number }[];
}>;

type ProfileNode = Readonly<{
  id: number;
  callFrame: Readonly<{ functionName: string; url: string }>;
}>;

type Profile = Readonly<{
  nodes: readonly ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: readonly number[];
  timeDeltas?: readonly number[];
}>;

export type CpuProfiler = Readonly<{
  /** Stops and summarises the samples taken between `fromUs` and `toUs` (see monotonicMicros). */
  stop(fromUs: number, toUs: number): Promise<ProfileSummary>;
}>;

/** V8 stamps samples with the monotonic clock in microseconds; this reads the same clock. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1_000n);
}

/**
 * Starting the profiler stalls the main thread while V8 logs every compiled function (a second
 * or so in this app), and stopping it serialises the profile: both belong outside the measured
 * window, so the profiler runs for the whole load and the summary keeps the window's samples.
 */
export async function startCpuProfile(): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1_000 });
  await session.post('Profiler.start');
  return {
    async stop(fromUs, toUs) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return summarise(profile as Profile, fromUs, toUs);
    },
  };
}

const REPO_URL = pathToFileURL(path.resolve(__dirname, '../..')).href + '/';

/** Packages that make up one layer of the stack, reported together. */
const PACKAGE_GROUPS: Readonly<Record<string, string>> = {
  '@nestjs/core': 'NestJS (core, cqrs, adapter)',
  '@nestjs/common': 'NestJS (core, cqrs, adapter)',
  '@nestjs/cqrs': 'NestJS (core, cqrs, adapter)',
  '@nestjs/platform-fastify': 'NestJS (core, cqrs, adapter)',
  'reflect-metadata': 'NestJS (core, cqrs, adapter)',
  rxjs: 'rxjs (Nest interceptors)',
  'class-validator': 'class-validator + class-transformer',
  'class-transformer': 'class-validator + class-transformer',
  validator: 'class-validator + class-transformer',
  fastify: 'Fastify',
  'find-my-way': 'Fastify',
  'fast-json-stringify': 'Fastify',
  'secure-json-parse': 'Fastify',
  avvio: 'Fastify',
  pg: 'pg driver',
  'pg-pool': 'pg driver',
  'pg-protocol': 'pg driver',
  'pg-types': 'pg driver',
  pino: 'pino logging',
  'sonic-boom': 'pino logging',
  'fast-redact': 'pino logging',
  'prom-client': 'prom-client metrics',
  ioredis: 'ioredis',
};

/** Node's native write bindings: socket writes (HTTP, pg, Redis) and pino's sync writes. */
const NATIVE_WRITES = new Set([
  'writev',
  'writeBuffer',
  'writeString',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
]);

function category({ functionName, url }: ProfileNode['callFrame']): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8 native (program)';
    if (functionName === 'parse' || functionName === 'stringify') return 'JSON.parse/stringify';
    if (NATIVE_WRITES.has(functionName)) return 'native writes (sockets, log lines)';
    return `builtin: ${functionName || '(anonymous)'}`;
  }
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (packages.length > 0) {
    const name = packages[packages.length - 1][1];
    return PACKAGE_GROUPS[name] ?? name;
  }
  if (url.startsWith('node:internal/crypto')) return 'Node crypto (HMAC, UUID, hashes)';
  if (url.startsWith('node:')) return 'Node core (http, net, streams)';
  if (url.startsWith(REPO_URL)) {
    const [top, sub] = url.slice(REPO_URL.length).split('/');
    return `ours: ${top === 'platform' ? `platform/${sub}` : top}/`;
  }
  return 'other';
}

export function summarise(profile: Profile, fromUs: number, toUs: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let idleUs = 0;
  let sampledUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    // A sample's delta is the time since the previous one: it belongs to this sample's frame.
    const us = deltas[i] ?? 0;
    at += us;
    if (at < fromUs || at > toUs) continue;
    const node = byId.get(samples[i]);
    sampledUs += us;
    if (!node || node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = category(node.callFrame);
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return {
    windowMs: (Math.min(toUs, profile.endTime) - Math.max(fromUs, profile.startTime)) / 1_000,
    busyMs: (sampledUs - idleUs) / 1_000,
    categories: [...totals]
      .map(([name, us]) => ({ category: name, ms: us / 1_000 }))
      .sort((a, b) => b.ms - a.ms),
  };
}
