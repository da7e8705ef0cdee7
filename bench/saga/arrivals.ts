import { now, type OrderRecord } from './order-record';
import { type OrderTracker } from './order-tracker';

export type ArrivalPlan = Readonly<{
  rate: number;
  warmupSeconds: number;
  windowSeconds: number;
  /** Called (not awaited by the schedule) as the measured window opens and closes. */
  onWindowStart(): Promise<void>;
  onWindowEnd(): Promise<void>;
  /**
   * Asked on every tick once `minMeasuredSeconds` of the window have passed: true ends the
   * window there (the system is not keeping up; more arrivals only lengthen the backlog).
   */
  shouldAbort(): boolean;
  minMeasuredSeconds: number;
}>;

export type Arrivals = Readonly<{
  /** Orders whose arrival time fell inside the measured window. */
  measured: OrderRecord[];
  warmup: OrderRecord[];
  windowStart: number;
  windowEnd: number;
  /** The window was cut short by `shouldAbort`. */
  aborted: boolean;
}>;

/**
 * Open-loop arrivals: order i is due at start + i/rate whatever happened to the ones before it,
 * so a slow system meets the same offered load instead of being waited for (a closed loop would
 * lower the rate exactly when latency grows). Each order records when it was due and when it
 * went out; the gap is the generator's own lag, reported so it cannot pass unnoticed.
 */
export async function runArrivals(tracker: OrderTracker, plan: ArrivalPlan): Promise<Arrivals> {
  const interval = 1_000 / plan.rate;
  const warmupCount = Math.round(plan.rate * plan.warmupSeconds);
  const total = warmupCount + Math.round(plan.rate * plan.windowSeconds);
  const start = now() + 5;
  const windowStart = start + warmupCount * interval;
  let windowEnd = start + total * interval;
  const abortAfter = windowStart + plan.minMeasuredSeconds * 1_000;
  const measured: OrderRecord[] = [];
  const warmup: OrderRecord[] = [];
  const edges: Promise<void>[] = [];
  const startEdge = setTimeout(() => edges.push(plan.onWindowStart()), windowStart - now());
  let endEdge: NodeJS.Timeout | undefined;
  const endWindow = () => edges.push(plan.onWindowEnd());

  let next = 0;
  let aborted = false;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const time = now();
      if (time >= abortAfter && next < total && plan.shouldAbort()) {
        aborted = true;
        windowEnd = time;
        endWindow();
        return resolve();
      }
      for (; next < total && start + next * interval <= time; next++) {
        const record = tracker.place(start + next * interval);
        (next < warmupCount ? warmup : measured).push(record);
      }
      if (next >= total) {
        endEdge = setTimeout(endWindow, Math.max(0, windowEnd - now()));
        return resolve();
      }
      setTimeout(tick, Math.max(0, start + next * interval - now()));
    };
    tick();
  });
  // Both edges have run (the start one long before an abort can happen) before reporting.
  while (edges.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
  clearTimeout(startEdge);
  clearTimeout(endEdge);
  await Promise.all(edges);
  return { measured, warmup, windowStart, windowEnd, aborted };
}
