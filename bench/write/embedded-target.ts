import { processCpuSeconds } from '../support/measure';
import { startTopology } from '../saga/topology';
import { type WriteBenchConfig } from './config';
import { seedShop, type Shop } from './seed';
import { type MeasuredServer } from './server-process';
import { type Target } from './session';

/** `shopstream start` under the write benchmark's load, with its own seeded shop. */
export type EmbeddedTarget = Target & Readonly<{ shop: Shop; close(): Promise<void> }>;

/**
 * The embedded default as a new user runs it: `shopstream start` (= `npm start`) on a fresh
 * DATA_DIR, one process holding PGlite, both APIs, the projections, the relay and the process
 * managers, as the saga benchmark starts it (bench/saga/topology.ts). Every order it takes also
 * runs its saga in that process, as it does for a user. Its CPU time is read from /proc (it is
 * not one of our forked servers, so it has no profiler and no pg query counter).
 */
export async function startEmbeddedTarget(
  config: WriteBenchConfig,
  tag: string,
): Promise<EmbeddedTarget> {
  const topology = await startTopology('embedded', undefined);
  try {
    const [start] = topology.processes;
    const shop = await seedShop(topology.writeUrl, topology.jwtSecret, config, tag);
    return { process: measured(start.pid), url: topology.writeUrl, shop, close: topology.close };
  } catch (error) {
    await topology.close();
    throw error;
  }
}

function measured(pid: number): MeasuredServer {
  const unsupported = () =>
    Promise.reject(new Error('the embedded target runs without the V8 profiler'));
  return {
    pid,
    usage: async () => ({
      cpuMicros: (processCpuSeconds(pid) ?? Number.NaN) * 1_000_000,
      pgQueries: Number.NaN,
      atMicros: 0,
    }),
    startProfile: unsupported,
    stopProfile: unsupported,
  };
}
