import { performance } from 'node:perf_hooks';
import { type CpuSplit } from '../../support/measure';
import { type AllReader } from '../store-under-test';
import { meanCpu, type Rig } from './rig';

/** One slice of the $all read: the next `count` events from where the reader stopped. */
export type ReadSlice = Readonly<{ events: number; seconds: number; cpu: CpuSplit | null }>;

export async function measureRead(
  { cpu }: Rig,
  reader: AllReader,
  count: number,
): Promise<ReadSlice> {
  const stop = cpu.start();
  const began = performance.now();
  const events = await reader.read(count);
  return { events, seconds: (performance.now() - began) / 1_000, cpu: stop() };
}

export type ReadOutcome = Readonly<{
  eventsRead: number;
  eventsPerSecond: number;
  seconds: number;
  cpu: CpuSplit | null;
}>;

export function mergeReadSlices(slices: readonly ReadSlice[]): ReadOutcome {
  const eventsRead = slices.reduce((sum, s) => sum + s.events, 0);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  return {
    eventsRead,
    eventsPerSecond: eventsRead / seconds,
    seconds,
    cpu: meanCpu(slices.map((s) => s.cpu)),
  };
}
