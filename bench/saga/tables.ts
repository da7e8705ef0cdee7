import { type Cell, type ReportTable } from '../report';
import { type SagaBenchConfig } from './config';
import { type TopologyRun } from './session';
import { HOPS } from './timeline';
import { type Stats, type WindowResult } from './window-result';

export type Titled = ReportTable & { title: string };

export const HEADLINE_COLUMNS = [
  'topology',
  'orders/s',
  'window s',
  'orders',
  'confirmed/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'lost',
  'place p99 ms',
  'target',
] as const;

/** Every window of every topology, by topology and then by rate (not in the order they ran). */
export function windowsOf(runs: readonly TopologyRun[]): WindowResult[] {
  return runs.flatMap((run) => [...run.windows].sort((a, b) => a.rate - b.rate));
}

/** A latency percentile: null with samples means it fell on an order lost after the timeout. */
export function latencyCell(w: WindowResult, value: number | null): Cell {
  if (value !== null) return value;
  return w.latencyMs.count === 0 ? null : `>${w.censoredAtMs / 1_000} s`;
}

export function headlineTable(runs: readonly TopologyRun[], config: SagaBenchConfig): Titled {
  const { target } = config;
  return {
    title:
      'Place-order response -> read API shows the order confirmed, open-loop arrivals ' +
      `(target: p99 < ${target.p99Ms} ms at ${target.rate} orders/s)`,
    columns: HEADLINE_COLUMNS,
    rows: windowsOf(runs).map((w) => [
      w.topology,
      w.rate,
      w.aborted ? `${w.windowSeconds} (cut)` : w.windowSeconds,
      w.orders,
      w.confirmedPerSecond,
      latencyCell(w, w.latencyMs.p50),
      latencyCell(w, w.latencyMs.p95),
      latencyCell(w, w.latencyMs.p99),
      latencyCell(w, w.latencyMs.max),
      w.lost + w.placeFailed,
      w.placeLatencyMs.p99,
      w.rate === target.rate ? passOrShort(w, target.p99Ms) : '-',
    ]),
  };
}

export function sustainedTable(runs: readonly TopologyRun[], config: SagaBenchConfig): Titled {
  return {
    title:
      `Sustained: the highest rate whose p99 stayed <= ${config.p99LimitMs} ms with every order ` +
      'confirmed, every lower rate measured holding too (stepped down from the lowest headline ' +
      'rate if it failed, up from the highest if it held, then the gap halved)',
    columns: [
      'topology',
      'held orders/s',
      'confirmed/s',
      'p99 ms',
      'next rate',
      'why it did not hold',
    ],
    rows: runs.map(({ kind, sustained: { held, failed } }) => [
      kind,
      held?.rate ?? 'none',
      held?.confirmedPerSecond ?? null,
      held ? latencyCell(held, held.latencyMs.p99) : null,
      failed?.rate ?? `none up to ${config.stepUp.maxRate}`,
      failed?.why ?? '-',
    ]),
  };
}

/** Per hop, one statistic: the means add up to the mean latency; p99s do not add up. */
export function hopTable(runs: readonly TopologyRun[], statistic: 'mean' | 'p99'): Titled {
  const value = (s: Stats | undefined) => s?.[statistic] ?? null;
  return {
    title:
      statistic === 'mean'
        ? 'Where the time goes: mean ms per hop of the confirmed orders (they add up to their mean latency; hops in the README)'
        : 'Where the tail is: p99 ms of each hop on its own',
    columns: [
      'topology',
      'orders/s',
      'orders',
      ...HOPS,
      statistic === 'mean' ? 'sum' : 'to ConfirmOrder',
      `measured ${statistic}`,
    ],
    rows: windowsOf(runs).map((w) => {
      const hops = w.hops;
      const values = HOPS.map((hop) => value(hops?.hops[hop]));
      const total =
        statistic === 'mean'
          ? round(values.reduce<number>((sum, v) => sum + (v ?? 0), 0))
          : value(hops?.toConfirmCommandMs);
      return [
        w.topology,
        w.rate,
        hops?.orders ?? 0,
        ...values,
        hops && hops.orders > 0 ? total : null,
        value(hops?.latencyMs),
      ];
    }),
  };
}

function passOrShort(w: WindowResult, p99Ms: number): string {
  const p99 = w.latencyMs.p99;
  return p99 !== null && p99 < p99Ms && w.lost === 0 && w.placeFailed === 0 && !w.aborted
    ? 'PASS'
    : 'SHORT';
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
