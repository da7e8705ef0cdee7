import { performance } from 'node:perf_hooks';
import { type CpuSplit, distribution, type Distribution, sleep } from '../../support/measure';
import { type AppendPhase } from '../config';
import { meanCpu, type Rig } from './rig';

/**
 * One slice of an append phase (the phase runs in rounds of slices, interleaved across stores).
 * Each writer owns its streams and appends with the exact expected version, as the command path
 * does, opening a new stream when the current one is full. Only appends that complete inside the
 * measured window count; latencies stay raw so slices can be merged.
 */
export type AppendSlice = Readonly<{
  seconds: number;
  appends: number;
  events: number;
  latenciesMs: number[];
  cpu: CpuSplit | null;
  /** Everything the slice wrote, warm-up included. */
  eventsWritten: number;
}>;

export async function measureAppends(
  { store, factory, cpu: meter }: Rig,
  phase: AppendPhase,
): Promise<AppendSlice> {
  const measureFrom = performance.now() + phase.warmupMs;
  const measureUntil = measureFrom + phase.durationMs;
  const latenciesMs: number[] = [];
  let events = 0;
  let eventsWritten = 0;

  const writer = async (): Promise<void> => {
    let stream = factory.newStream();
    let version = 0;
    while (performance.now() < measureUntil) {
      const batch = factory.events(phase.eventsPerAppend);
      const began = performance.now();
      await store.append(stream, batch, version);
      const ended = performance.now();
      eventsWritten += batch.length;
      if (ended >= measureFrom && ended <= measureUntil) {
        latenciesMs.push(ended - began);
        events += batch.length;
      }
      version += batch.length;
      if (version >= phase.eventsPerStream) {
        stream = factory.newStream();
        version = 0;
      }
    }
  };

  const cpu = (async () => {
    await sleep(phase.warmupMs);
    const stop = meter.start();
    await sleep(phase.durationMs);
    return stop();
  })();
  await Promise.all(Array.from({ length: phase.writers }, writer));
  return {
    seconds: phase.durationMs / 1_000,
    appends: latenciesMs.length,
    events,
    latenciesMs,
    cpu: await cpu,
    eventsWritten,
  };
}

export type AppendOutcome = Readonly<{
  appendsPerSecond: number;
  eventsPerSecond: number;
  appendLatencyMs: Distribution;
  /** Mean over the slices. */
  cpu: CpuSplit | null;
  /** Per slice, in the order they ran: how steady the numbers were. */
  appendsPerSecondBySlice: number[];
  eventsWritten: number;
}>;

export function mergeAppendSlices(slices: readonly AppendSlice[]): AppendOutcome {
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const total = (pick: (s: AppendSlice) => number): number =>
    slices.reduce((sum, s) => sum + pick(s), 0);
  return {
    appendsPerSecond: total((s) => s.appends) / seconds,
    eventsPerSecond: total((s) => s.events) / seconds,
    appendLatencyMs: distribution(slices.flatMap((s) => s.latenciesMs)),
    cpu: meanCpu(slices.map((s) => s.cpu)),
    appendsPerSecondBySlice: slices.map((s) => Math.round(s.appends / s.seconds)),
    eventsWritten: total((s) => s.eventsWritten),
  };
}

/** Untimed: appends `count` more events in batches of 100, each batch a new stream. */
export async function appendMore(
  { store, factory }: Rig,
  count: number,
  writers = 4,
): Promise<void> {
  let remaining = count;
  const writer = async (): Promise<void> => {
    while (remaining > 0) {
      const events = factory.events(Math.min(100, remaining));
      remaining -= events.length;
      await store.append(factory.newStream(), events, 0);
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
}
