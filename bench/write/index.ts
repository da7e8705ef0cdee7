import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { DEFAULT_SCRYPT_PARAMS } from '../../platform/auth/password-hash';
import { type Benchmark } from '../benchmark';
import { type BenchReport } from '../report';
import { FULL_RUN, QUICK_RUN, type WriteBenchConfig } from './config';
import { type WindowResult, measureWindow } from './measure-window';
import { startEmbeddedTarget } from './embedded-target';
import { measureScrypt } from './scrypt-cost';
import { type Target, type WriteBenchSession, openSession } from './session';
import {
  CHEAP_SCRYPT_N,
  WORKLOADS,
  floorRequests,
  placeOrderRequests,
  registerRequests,
} from './workloads';
import { failIfAnyRequestFailed, writeReport } from './write-report';

export { type WriteBenchResults } from './write-report';

/**
 * `npm run bench -- write [--embedded]`: autocannon (in this process) against the write API on
 * the Postgres event store with Redis coordination (in a child process), and against a bare
 * Fastify route doing one INSERT (in another child), each on a fresh database of the same
 * server. `--embedded` adds place-order against `shopstream start` on PGlite, in the same run.
 */
export function writeBenchmark(values: Readonly<Record<string, string | true>>): Benchmark {
  return {
    name: 'write',
    run: (options) =>
      runWriteBench({
        config: options.quick ? QUICK_RUN : FULL_RUN,
        profile: options.profile,
        embedded: values['--embedded'] === true,
      }),
  };
}

export async function runWriteBench(options: {
  config: WriteBenchConfig;
  profile: boolean;
  embedded?: boolean;
}): Promise<BenchReport> {
  const { config, profile, embedded = false } = options;
  const startedAt = new Date().toISOString();
  const began = performance.now();
  // First, while the machine is quiet: the hash alone, at production cost and at the variant's.
  const scrypt = [
    await measureScrypt(DEFAULT_SCRYPT_PARAMS.N, config.scryptSamples),
    await measureScrypt(CHEAP_SCRYPT_N, config.scryptSamples),
  ];
  const session = await openSession(config, profile);
  try {
    const windows = await runWindows(session, config, profile);
    if (embedded) windows.push(await embeddedWindow(session, config));
    const durationSeconds = (performance.now() - began) / 1_000;
    const report = writeReport({ startedAt, durationSeconds }, session, config, scrypt, windows);
    await failIfAnyRequestFailed(report);
    return report;
  } finally {
    await session.close();
  }
}

/**
 * Per connection count: the floor, register, place-order. At the highest count also
 * place-order with Idempotency-Key and, last of all, register with a cheap hash. With
 * --profile, the write API's windows at the highest count are profiled.
 */
async function runWindows(
  session: WriteBenchSession,
  config: WriteBenchConfig,
  profile: boolean,
): Promise<WindowResult[]> {
  const { api, floor, shop, floorEvent, probes } = session;
  const last = config.connections[config.connections.length - 1];
  const windows: WindowResult[] = [];
  let runs = 0;
  const unique = () => `${session.tag}r${runs++}`;
  const measure = async (
    workload: string,
    target: Target,
    connections: number,
    requests: () => autocannon.Request[],
  ) => {
    const spec = {
      workload,
      server: target.process,
      url: target.url,
      connections,
      warmupSeconds: config.warmupSeconds,
      durationSeconds: config.durationSeconds,
      requests,
      profile: profile && target === api && connections === last,
    };
    windows.push(await measureWindow(spec, probes));
  };
  const registrations = () => registerRequests(unique());
  const orders = (idempotencyKeys: boolean) => () =>
    placeOrderRequests(shop, config, { idempotencyKeys, tag: unique() });

  for (const connections of config.connections) {
    await measure(WORKLOADS.floor, floor, connections, () => floorRequests(floorEvent));
    await measure(WORKLOADS.register, api, connections, registrations);
    await measure(WORKLOADS.placeOrder, api, connections, orders(false));
  }
  await measure(WORKLOADS.placeOrderWithKey, api, last, orders(true));
  // Last: it lowers the hash cost for good in the API's process.
  await api.process.setScryptCost(CHEAP_SCRYPT_N);
  await measure(WORKLOADS.registerCheapHash, api, last, registrations);
  return windows;
}

/**
 * place-order against `shopstream start` (PGlite), after every Postgres-mode window and with
 * those servers idle: the ratio step 8 asks for is to place-order at the same connection count
 * in Postgres mode, measured above in this run.
 */
async function embeddedWindow(
  session: WriteBenchSession,
  config: WriteBenchConfig,
): Promise<WindowResult> {
  console.log('[write] starting shopstream start (embedded) and seeding it');
  const target = await startEmbeddedTarget(config, `${session.tag}e`);
  let runs = 0;
  try {
    return await measureWindow(
      {
        workload: WORKLOADS.placeOrderEmbedded,
        server: target.process,
        url: target.url,
        connections: config.embeddedConnections,
        warmupSeconds: config.warmupSeconds,
        durationSeconds: config.durationSeconds,
        requests: () =>
          placeOrderRequests(target.shop, config, {
            idempotencyKeys: false,
            tag: `${session.tag}e${runs++}`,
          }),
        profile: false,
      },
      session.probes,
    );
  } finally {
    await target.close();
  }
}
