import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** Small measuring tools shared by the benchmarks. */

export type Distribution = Readonly<{
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}>;

/** Nearest-rank percentiles; an empty sample gives NaN, never a made-up zero. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted.length === 0
      ? NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const sum = sorted.reduce((total, v) => total + v, 0);
  return {
    count: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
    mean: sorted.length === 0 ? NaN : sum / sorted.length,
  };
}

/**
 * Where the machine's CPU went during a phase, in cores: this (client) process, the PostgreSQL
 * server's processes (when it runs on this machine), the kernel on everyone's behalf (interrupts,
 * softirqs such as loopback TCP, kernel threads such as the ones flushing fsyncs), everything
 * else, and idle. On 2 cores client and server compete, so a phase with little idle is CPU-bound,
 * not commit-bound; `other` is load from outside the benchmark, which makes its numbers noisy.
 */
export type CpuSplit = Readonly<{
  clientCores: number;
  /** Null when the server is not a local process we can see in /proc. */
  serverCores: number | null;
  kernelCores: number;
  otherCores: number;
  idleCores: number;
}>;

export type CpuMeter = Readonly<{ start(): () => CpuSplit | null }>;

/** `serverPid`: the postmaster, whose children are the backends and background workers. */
export function cpuMeter(serverPid: number | null): CpuMeter {
  return {
    start() {
      const startedAt = process.hrtime.bigint();
      const startUsage = process.cpuUsage();
      const startTicks = systemTicks();
      const startServer = serverPid === null ? null : processTreeTicks(serverPid);
      const startKernel = processTreeTicks(KTHREADD);
      return () => {
        const endTicks = systemTicks();
        if (!startTicks || !endTicks) return null;
        const endServer = serverPid === null ? null : processTreeTicks(serverPid);
        const endKernel = processTreeTicks(KTHREADD);
        const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
        const cores = (ticks: number): number => ticks / USER_HZ / seconds;
        const usage = process.cpuUsage(startUsage);
        const busy = endTicks.busy - startTicks.busy;
        const idle = endTicks.idle - startTicks.idle;
        const busyCores = busy + idle > 0 ? (busy / (busy + idle)) * os.cpus().length : 0;
        const clientCores = (usage.user + usage.system) / 1e6 / seconds;
        const serverCores =
          startServer === null || endServer === null ? null : cores(endServer - startServer);
        const kernelCores =
          cores(endTicks.interrupts - startTicks.interrupts) +
          (startKernel === null || endKernel === null ? 0 : cores(endKernel - startKernel));
        const otherCores = busyCores - clientCores - (serverCores ?? 0) - kernelCores;
        return {
          clientCores: round(clientCores),
          serverCores: serverCores === null ? null : round(serverCores),
          kernelCores: round(kernelCores),
          otherCores: round(Math.max(0, otherCores)),
          idleCores: round(Math.max(0, os.cpus().length - busyCores)),
        };
      };
    },
  };
}

/**
 * CPU seconds one process has used so far (all its threads; not its children), or null when it
 * is gone. Read at both edges of a phase for a process the meter's split counts as `other`.
 */
export function processCpuSeconds(pid: number): number | null {
  const stat = processStat(pid);
  return stat ? stat.ticks / USER_HZ : null;
}

/** The parent of every kernel thread. */
const KTHREADD = 2;

/** The postmaster of the server `backendPid` belongs to, if that process is on this machine. */
export function localPostmaster(backendPid: number): number | null {
  const stat = processStat(backendPid);
  return stat && processStat(stat.ppid)?.comm === 'postgres' ? stat.ppid : null;
}

/** /proc/stat and /proc/<pid>/stat count in USER_HZ, which Linux fixes at 100 for userspace. */
const USER_HZ = 100;

function systemTicks(): { busy: number; idle: number; interrupts: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return {
      busy: user + nice + system + irq + softirq + steal,
      idle: idle + iowait,
      interrupts: irq + softirq,
    };
  } catch {
    return null;
  }
}

/**
 * CPU ticks of `root` and its live children, plus what its exited children used (reaped into its
 * cutime/cstime: for the postmaster, backends, parallel workers and autovacuum workers).
 */
function processTreeTicks(root: number): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat?.pid === root) {
      total += stat.ticks + stat.childTicks;
      found = true;
    } else if (stat?.ppid === root) {
      total += stat.ticks;
    }
  }
  return found ? total : null;
}

function processStat(
  pid: number,
): { pid: number; comm: string; ppid: number; ticks: number; childTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    // After "(comm)": state, ppid, ...; utime, stime, cutime, cstime are fields 14-17 of the line.
    const fields = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return {
      pid,
      comm,
      ppid: fields[1],
      ticks: fields[11] + fields[12],
      childTicks: fields[13] + fields[14],
    };
  } catch {
    return null;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Foreign load (processes outside the benchmark and its servers) that makes a phase suspect. */
export const NOISE_CORES = 0.15;

/** One measured phase's foreign load, in cores, and what the phase was. */
export type ForeignLoad = Readonly<{ cores: number; where: string }>;

/**
 * The NOISY note for a run whose busiest phase (by foreign load) reached NOISE_CORES, or null.
 * `consequence` says what that does to this benchmark's numbers.
 */
export function noisyNote(
  phases: Iterable<ForeignLoad>,
  consequence = "treat this run's numbers with suspicion and run again on a quiet machine",
  who = 'processes outside the benchmark used up to',
): string | null {
  let noisiest: ForeignLoad | null = null;
  for (const phase of phases) if (!noisiest || phase.cores > noisiest.cores) noisiest = phase;
  if (!noisiest || noisiest.cores < NOISE_CORES) return null;
  return `NOISY: ${who} ${noisiest.cores.toFixed(2)} cores (${noisiest.where}); ${consequence}.`;
}
