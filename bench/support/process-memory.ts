import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Resident memory of a process from /proc/<pid>/status: VmRSS now and VmHWM, its peak. The peak
 * counts from the process's start unless `resetPeak` cleared it (Linux 4.0+, our own processes
 * only), which is how a phase gets a peak of its own.
 */
export type Memory = Readonly<{ rssMiB: number; peakMiB: number }>;

export function processMemory(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const rss = kib('VmRSS');
    const peak = kib('VmHWM');
    if (!Number.isFinite(rss) || !Number.isFinite(peak)) return null;
    return { rssMiB: round(rss / 1024), peakMiB: round(peak / 1024) };
  } catch {
    return null;
  }
}

/** Sets VmHWM back to the current VmRSS; false when the kernel or permissions refuse. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line contains every one of `parts` (to find a server we started). */
export function pidsWithCommandLine(...parts: readonly string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (parts.every((part) => command.includes(part))) pids.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}

/** A phase's memory: its peak (since the process started, when the reset was refused). */
export type PhaseMemory = Memory & Readonly<{ peakSinceStart: boolean }>;

/**
 * Starts measuring one phase of a process: its peak is reset now (when the kernel allows), and
 * `end()` reads the phase's peak and the RSS at its end (null when /proc cannot be read).
 */
export function memoryPhase(pid: number | undefined): { end(): PhaseMemory | null } {
  const peakReset = pid !== undefined && resetPeak(pid);
  return {
    end() {
      const memory = pid === undefined ? null : processMemory(pid);
      return memory && { ...memory, peakSinceStart: !peakReset };
    },
  };
}

/** A table cell: "182/176" is the peak in the phase and the RSS at its end, in MiB; a `*`
 * marks a peak counted since the process started (the kernel refused the reset). */
export function memoryCell(memory: PhaseMemory | null): string {
  if (!memory) return '-';
  const { peakMiB, rssMiB, peakSinceStart } = memory;
  return `${Math.round(peakMiB)}${peakSinceStart ? '*' : ''}/${Math.round(rssMiB)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
