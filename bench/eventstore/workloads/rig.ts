import { type CpuMeter, type CpuSplit } from '../../support/measure';
import { type EventFactory } from '../bench-events';
import { type StoreUnderTest } from '../store-under-test';

/**
 * What every workload runs against: the store, an event source and the CPU meter. Each phase
 * runs in slices (see config.ts) whose raw results merge into one outcome per store.
 */
export type Rig = Readonly<{ store: StoreUnderTest; factory: EventFactory; cpu: CpuMeter }>;

export function meanCpu(samples: readonly (CpuSplit | null)[]): CpuSplit | null {
  const known = samples.filter((c): c is CpuSplit => c !== null);
  if (known.length === 0) return null;
  const mean = (pick: (c: CpuSplit) => number): number =>
    Math.round((known.reduce((sum, c) => sum + pick(c), 0) / known.length) * 100) / 100;
  return {
    clientCores: mean((c) => c.clientCores),
    serverCores: known.some((c) => c.serverCores === null) ? null : mean((c) => c.serverCores!),
    kernelCores: mean((c) => c.kernelCores),
    otherCores: mean((c) => c.otherCores),
    idleCores: mean((c) => c.idleCores),
  };
}
