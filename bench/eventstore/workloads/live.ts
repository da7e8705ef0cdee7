import { performance } from 'node:perf_hooks';
import { type CpuSplit, distribution, type Distribution, sleep } from '../../support/measure';
import { type LivePhase } from '../config';
import { meanCpu, type Rig } from './rig';

/**
 * One slice of live delivery: a subscriber on another store instance (its own pool and
 * connections) starts at the end of $all, then one writer appends single events at a steady
 * rate and the subscriber reports each event it sees. Latency runs from just before `append` is
 * called to the subscriber's callback. Null when the store has no live mechanism.
 */
export type LiveSlice = Readonly<{
  latenciesMs: number[];
  delivered: number;
  /** Appended (warm-up included) but not delivered within the settle time. */
  missing: number;
  cpu: CpuSplit | null;
}>;

export async function measureLive(
  { store, factory, cpu }: Rig,
  phase: LivePhase,
): Promise<LiveSlice | null> {
  const appends = Math.ceil(phase.appends / phase.rounds);
  const total = phase.warmupAppends + appends;
  const sentAt = new Map<string, { at: number; measured: boolean }>();
  const latenciesMs: number[] = [];
  let delivered = 0;
  let allDelivered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDelivered = resolve));

  const subscriber = await store.subscribe((eventId) => {
    const now = performance.now();
    const sent = sentAt.get(eventId);
    if (!sent) return;
    sentAt.delete(eventId);
    delivered += 1;
    if (sent.measured) latenciesMs.push(now - sent.at);
    if (delivered === total) allDelivered();
  });
  if (!subscriber) return null;

  const stopCpu = cpu.start();
  try {
    const interval = 1_000 / phase.ratePerSecond;
    const start = performance.now();
    let stream = factory.newStream();
    let version = 0;
    for (let i = 0; i < total; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      const events = factory.events(1);
      sentAt.set(events[0].eventId, { at: performance.now(), measured: i >= phase.warmupAppends });
      await store.append(stream, events, version);
      version += 1;
      if (version >= 20) {
        stream = factory.newStream();
        version = 0;
      }
    }
    let settle: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise((resolve) => (settle = setTimeout(resolve, phase.settleMs))),
    ]);
    clearTimeout(settle);
  } finally {
    await subscriber.stop();
  }
  return { latenciesMs, delivered, missing: total - delivered, cpu: stopCpu() };
}

export type LiveOutcome = Readonly<{
  latencyMs: Distribution;
  delivered: number;
  missing: number;
  cpu: CpuSplit | null;
}>;

export function mergeLiveSlices(slices: readonly LiveSlice[]): LiveOutcome {
  return {
    latencyMs: distribution(slices.flatMap((s) => s.latenciesMs)),
    delivered: slices.reduce((sum, s) => sum + s.delivered, 0),
    missing: slices.reduce((sum, s) => sum + s.missing, 0),
    cpu: meanCpu(slices.map((s) => s.cpu)),
  };
}
