import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { type CpuMeter, type CpuSplit } from '../support/measure';
import { memoryPhase, type PhaseMemory } from '../support/process-memory';
import { type PgProfiler, type StatementStat } from '../support/pg-profile';
import { type ProfileSummary } from './cpu-profile';
import { type LoadResult, runLoad } from './load';
import { type MeasuredServer, type ServerUsage } from './server-process';

/** Where the machine's cores went in a window; `other` no longer counts the server or irqs. */
export type WindowCpu = CpuSplit & Readonly<{ apiCores: number; interruptCores: number }>;

/** One measured window: a workload at one connection count, inside one run (see load.ts). */
export type WindowResult = Readonly<{
  workload: string;
  connections: number;
  load: LoadResult;
  cpu: WindowCpu | null;
  /** CPU time of the server process per response (main thread, libuv pool, GC: all of it). */
  serverCpuMsPerRequest: number;
  pgQueriesPerRequest: number;
  /** Server-wide command count: exact on a private redis-server only. */
  redisCommandsPerRequest: number;
  /**
   * The server process's resident memory: the peak over the measured window (VmHWM, reset as it
   * opens; over the whole life when the kernel refuses the reset) and at its end. Null when
   * /proc cannot be read.
   */
  memory: PhaseMemory | null;
  /** With --profile: the server's main thread, and pg_stat_statements when available. */
  profile: { mainThread: ProfileSummary; statements: StatementStat[] | null } | null;
}>;

export type WindowProbes = Readonly<{
  meter: CpuMeter;
  redisCommands(): Promise<number>;
  pgProfiler: PgProfiler | null;
}>;

export type WindowSpec = Readonly<{
  workload: string;
  server: MeasuredServer;
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Called once per autocannon run: fresh counters, so unique values stay unique. */
  requests: () => autocannon.Request[];
  profile: boolean;
}>;

export async function measureWindow(spec: WindowSpec, probes: WindowProbes): Promise<WindowResult> {
  const { server, connections } = spec;
  console.log(`[write] ${spec.workload}, ${connections} connections`);
  let before: Snapshot | undefined;
  let after: Snapshot | undefined;
  let stopMeter: (() => CpuSplit | null) | undefined;
  let split: CpuSplit | null = null;
  let statements: StatementStat[] | null = null;
  let phase: ReturnType<typeof memoryPhase> | undefined;
  let memory: PhaseMemory | null = null;
  const snapshot = async (): Promise<Snapshot> => ({
    usage: await server.usage(),
    redisCommands: await probes.redisCommands(),
    at: performance.now(),
  });

  // Started before the warm-up: starting stalls the server (see cpu-profile.ts).
  if (spec.profile) await server.startProfile();
  const load = await runLoad(
    {
      url: spec.url,
      connections,
      warmupSeconds: spec.warmupSeconds,
      seconds: spec.durationSeconds,
      requests: spec.requests(),
    },
    {
      open: async () => {
        if (spec.profile) await probes.pgProfiler?.reset();
        before = await snapshot();
        phase = memoryPhase(server.pid);
        stopMeter = probes.meter.start();
      },
      close: async () => {
        split = stopMeter?.() ?? null;
        memory = phase?.end() ?? null;
        after = await snapshot();
        if (spec.profile) statements = (await probes.pgProfiler?.top(8)) ?? null;
      },
    },
  );
  if (!before || !after) throw new Error('the measured window never closed');
  const mainThread = spec.profile ? await server.stopProfile(before.usage, after.usage) : null;

  const wallSeconds = (after.at - before.at) / 1_000;
  const serverCpuMs = (after.usage.cpuMicros - before.usage.cpuMicros) / 1_000;
  const perRequest = (total: number) => (load.responses > 0 ? total / load.responses : NaN);
  return {
    workload: spec.workload,
    connections,
    load,
    cpu: cpuOf(split, serverCpuMs / 1_000 / wallSeconds),
    serverCpuMsPerRequest: perRequest(serverCpuMs),
    pgQueriesPerRequest: perRequest(after.usage.pgQueries - before.usage.pgQueries),
    redisCommandsPerRequest: perRequest(after.redisCommands - before.redisCommands),
    memory,
    profile: mainThread && { mainThread, statements },
  };
}

type Snapshot = Readonly<{
  usage: ServerUsage;
  redisCommands: number;
  at: number;
}>;

/**
 * The meter's split with the server process taken out of `other` (the meter already takes
 * kernel interrupt time, largely loopback TCP softirq work, out of it as `kernelCores`).
 */
function cpuOf(split: CpuSplit | null, apiCores: number): WindowCpu | null {
  if (!split) return null;
  return {
    ...split,
    apiCores: round(apiCores),
    interruptCores: split.kernelCores,
    otherCores: round(Math.max(0, split.otherCores - apiCores)),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
