import { type Arrivals } from './arrivals';
import { type SagaBenchConfig, type TopologyKind } from './config';
import { type OrderRecord } from './order-record';
import { type OrderTracker } from './order-tracker';
import { type ProbeResult } from './probes';
import { type Settled } from './settle';
import { round, type Stats, stats } from './stats';
import { type HopBreakdown } from './timeline';

/** One rate on one topology: the orders that arrived in its measured window, and the probes. */
export { type Stats } from './stats';

export type WindowResult = {
  topology: TopologyKind;
  rate: number;
  /** Headline rates are the issue's; steps go on from them (up, or down when the first fails). */
  role: 'headline' | 'step';
  /** The wait for the pipeline to be idle before the window. */
  settled: Settled;
  windowSeconds: number;
  /** Cut short: the backlog passed the limit (config.abortBacklogSeconds). */
  aborted: boolean;
  orders: number;
  placeFailed: number;
  confirmed: number;
  rejected: number;
  /** Not confirmed or rejected within the order timeout or the drain. */
  lost: number;
  /** Orders seen confirmed during the window (whenever placed) per second: the throughput. */
  confirmedPerSecond: number;
  /**
   * Place-order response to the read API showing `confirmed`, over every order that was placed
   * and not rejected; a lost one counts as slower than any other, so a percentile it reaches is
   * null (more than `censoredAtMs`) rather than a made-up number.
   */
  latencyMs: Stats;
  censoredAtMs: number;
  placeLatencyMs: Stats;
  /** When each order went out minus when it was due (the generator's own lag). */
  generatorLagMs: Stats;
  observing: {
    /** Sweep pages (GET /orders?status=…) and control polls (GET /orders/{id}) per second. */
    sweepRequestsPerSecond: number;
    controlRequestsPerSecond: number;
    requestsPerOrder: number;
    sweepRttMs: Stats;
    controlRttMs: Stats;
    /** Seen confirmed minus the sweep before it: the most the sweep can have added. */
    resolutionMs: Stats;
    /** The sampled orders: the sweep's time minus GET /orders/{id}'s for the same order. */
    sweepMinusControlMs: Stats;
    errors: number;
  };
  drainSeconds: number;
  held: boolean;
  why: string;
  firstFailure?: string;
  probe: ProbeResult;
  hops?: HopBreakdown;
};

export type Counters = Readonly<{
  sweep: number;
  control: number;
  sweepRtt: number;
  controlRtt: number;
}>;

export function countersOf(tracker: OrderTracker): Counters {
  return {
    sweep: tracker.sweep.requests,
    control: tracker.control.requests,
    sweepRtt: tracker.sweep.rttMs.length,
    controlRtt: tracker.control.rttMs.length,
  };
}

export function summarizeWindow(input: {
  topology: TopologyKind;
  rate: number;
  role: WindowResult['role'];
  settled: Settled;
  arrivals: Arrivals;
  tracker: OrderTracker;
  counters: readonly [Counters, Counters];
  drainSeconds: number;
  probe: ProbeResult;
  config: SagaBenchConfig;
}): WindowResult {
  const { arrivals, tracker, config } = input;
  const [atStart, atEnd] = input.counters;
  const orders = arrivals.measured;
  const count = (outcome: OrderRecord['outcome']) =>
    orders.filter((o) => o.outcome === outcome).length;
  const confirmed = orders.filter((o) => o.outcome === 'confirmed');
  const windowSeconds = (arrivals.windowEnd - arrivals.windowStart) / 1_000;
  const censoredAtMs = config.orderTimeoutSeconds * 1_000;
  const latencies = orders
    .filter((o) => o.outcome === 'confirmed' || o.outcome === 'lost')
    .map((o) => (o.outcome === 'confirmed' ? o.seenAt! - o.respondedAt! : Infinity));
  const requests = atEnd.sweep - atStart.sweep + atEnd.control - atStart.control;
  const result: WindowResult = {
    topology: input.topology,
    rate: input.rate,
    role: input.role,
    settled: input.settled,
    windowSeconds: round(windowSeconds),
    aborted: arrivals.aborted,
    orders: orders.length,
    placeFailed: count('failed'),
    confirmed: confirmed.length,
    rejected: count('rejected'),
    lost: count('lost'),
    confirmedPerSecond: round(
      [...arrivals.warmup, ...orders].filter(
        (o) =>
          o.outcome === 'confirmed' &&
          o.seenAt! >= arrivals.windowStart &&
          o.seenAt! < arrivals.windowEnd,
      ).length / windowSeconds,
    ),
    latencyMs: stats(latencies),
    censoredAtMs,
    placeLatencyMs: stats(
      orders.filter((o) => o.respondedAt).map((o) => o.respondedAt! - o.sentAt),
    ),
    generatorLagMs: stats(orders.map((o) => o.sentAt - o.intendedAt)),
    observing: {
      sweepRequestsPerSecond: round((atEnd.sweep - atStart.sweep) / windowSeconds),
      controlRequestsPerSecond: round((atEnd.control - atStart.control) / windowSeconds),
      requestsPerOrder: round(requests / Math.max(1, orders.length)),
      sweepRttMs: stats(tracker.sweep.rttMs.slice(atStart.sweepRtt, atEnd.sweepRtt)),
      controlRttMs: stats(tracker.control.rttMs.slice(atStart.controlRtt, atEnd.controlRtt)),
      resolutionMs: stats(confirmed.map((o) => o.resolutionMs!)),
      sweepMinusControlMs: stats(
        confirmed
          .filter((o) => o.control?.seenAt !== undefined)
          .map((o) => o.seenAt! - o.control!.seenAt!),
      ),
      errors: tracker.sweep.errors + tracker.control.errors,
    },
    drainSeconds: round(input.drainSeconds),
    held: false,
    why: '',
    firstFailure: orders.find((o) => o.error)?.error,
    probe: input.probe,
  };
  return { ...result, ...verdict(result, config) };
}

/** Held: p99 within the limit, every order confirmed, the generator on time, not cut short. */
function verdict(w: WindowResult, config: SagaBenchConfig): { held: boolean; why: string } {
  const reasons: string[] = [];
  if (w.aborted)
    reasons.push(`backlog over ${config.abortBacklogSeconds} s of arrivals: cut short`);
  if (w.latencyMs.count === 0) reasons.push('no order measured');
  else if (w.latencyMs.p99 === null) reasons.push(`p99 over ${w.censoredAtMs / 1_000} s`);
  else if (w.latencyMs.p99 > config.p99LimitMs) {
    reasons.push(`p99 ${Math.round(w.latencyMs.p99)} ms > ${config.p99LimitMs}`);
  }
  if (w.lost > 0) reasons.push(`${w.lost} not confirmed in time`);
  if (w.placeFailed > 0) reasons.push(`${w.placeFailed} place-order failures`);
  if (w.rejected > w.orders * 0.01) reasons.push(`${w.rejected} rejected`);
  if ((w.generatorLagMs.p99 ?? 0) > 100) {
    reasons.push(`generator lag p99 ${Math.round(w.generatorLagMs.p99 ?? 0)} ms`);
  }
  return { held: reasons.length === 0, why: reasons.join('; ') || 'held' };
}
