import { type Cell } from '../report';
import { type TopologyRun } from './session';
import { round, type Titled, windowsOf } from './tables';
import { type WindowResult } from './window-result';

/** What each process's own histograms say about its part, over each window. */
export function metricsTable(runs: readonly TopologyRun[]): Titled {
  const cell = (w: WindowResult, key: string, field: 'meanMs' | 'p99Ms'): Cell => {
    const reading = w.probe.metrics[key];
    const value = reading?.[field];
    if (value === null || value === undefined) return null;
    return reading.p99AboveBuckets && field === 'p99Ms' ? `>${round(value)}` : round(value);
  };
  const perBatch = (w: WindowResult, key: string): Cell =>
    w.probe.metrics[key]?.eventsPerBatch ?? null;
  return {
    title:
      "The processes' own histograms over each window, ms (/metrics; p99 interpolated in buckets)",
    columns: [
      'topology',
      'orders/s',
      'place cmd mean',
      'relay batch mean',
      'relay batch p99',
      'relay events/batch',
      'saga decision mean',
      'saga decision p99',
      'reserve cmd mean',
      'confirm cmd mean',
      'orders proj batch mean',
      'orders proj p99',
      'proj events/batch',
    ],
    rows: windowsOf(runs).map((w) => [
      w.topology,
      w.rate,
      cell(w, 'place-order command', 'meanMs'),
      cell(w, 'relay publish batch', 'meanMs'),
      cell(w, 'relay publish batch', 'p99Ms'),
      perBatch(w, 'relay publish batch'),
      cell(w, 'saga decision', 'meanMs'),
      cell(w, 'saga decision', 'p99Ms'),
      cell(w, 'reserve command', 'meanMs'),
      cell(w, 'confirm command', 'meanMs'),
      cell(w, 'orders projection batch', 'meanMs'),
      cell(w, 'orders projection batch', 'p99Ms'),
      perBatch(w, 'orders projection batch'),
    ]),
  };
}

export function observingTable(runs: readonly TopologyRun[]): Titled {
  return {
    title:
      'What watching the read API cost: sweep pages (admin GET /orders?status=confirmed) for ' +
      'every order, GET /orders/{id} for a sample (the control); ms',
    columns: [
      'topology',
      'orders/s',
      'sweep req/s',
      'control req/s',
      'req/order',
      'sweep rtt p50',
      'sweep rtt p99',
      'resolution mean',
      'resolution p99',
      'sweep-control p50',
      'sweep-control p99',
      'read API cores',
      'bench cores',
      'idle cores',
    ],
    rows: windowsOf(runs).map((w) => {
      const o = w.observing;
      const read = w.probe.processes.find((p) => p.name === 'read-api');
      return [
        w.topology,
        w.rate,
        o.sweepRequestsPerSecond,
        o.controlRequestsPerSecond,
        o.requestsPerOrder,
        o.sweepRttMs.p50,
        o.sweepRttMs.p99,
        o.resolutionMs.mean,
        o.resolutionMs.p99,
        o.sweepMinusControlMs.p50,
        o.sweepMinusControlMs.p99,
        read ? read.cores : 'shared',
        w.probe.cpu?.clientCores ?? null,
        w.probe.cpu?.idleCores ?? null,
      ];
    }),
  };
}

/**
 * CPU per order placed in the window, by process: what an order costs end to end, and so the
 * rate a machine of this size can sustain. Meaningful where the window held (steady state);
 * in an overloaded window the processes worked on earlier orders too.
 */
export function costPerOrderTables(runs: readonly TopologyRun[]): Titled[] {
  return runs.map((run) => {
    const names = run.windows[0]?.probe.processes.map((p) => p.name) ?? [];
    const multi = run.kind === 'multi-process';
    return {
      title: `${run.kind}: CPU ms per order, by process${multi ? '; PostgreSQL commits and WAL per order' : ''}`,
      columns: [
        'orders/s',
        'held',
        ...names,
        ...(multi ? ['postgres'] : []),
        'all of these',
        ...(multi ? ['pg commits/order', 'WAL kB/order'] : []),
      ],
      rows: [...run.windows]
        .sort((a, b) => a.rate - b.rate)
        .map((w) => {
          const perOrder = (cores: number | null | undefined) =>
            cores === null || cores === undefined || w.orders === 0
              ? null
              : round((cores * w.windowSeconds * 1_000) / w.orders);
          const processes = names.map((n) =>
            perOrder(w.probe.processes.find((p) => p.name === n)?.cores),
          );
          const postgres = multi ? [perOrder(w.probe.cpu?.serverCores)] : [];
          const all = [...processes, ...postgres].reduce<number>((sum, v) => sum + (v ?? 0), 0);
          const pg = w.probe.pg;
          const per = (value: number | undefined) =>
            value === undefined || w.orders === 0 ? null : round(value / w.orders);
          return [
            w.rate,
            w.held ? 'yes' : 'no',
            ...processes,
            ...postgres,
            round(all),
            ...(multi ? [per(pg?.transactions), per(pg ? pg.walBytes / 1024 : undefined)] : []),
          ];
        }),
    };
  });
}

/** One table per topology: the columns are its processes. */
export function resourceTables(runs: readonly TopologyRun[]): Titled[] {
  return runs.map((run) => {
    const names = run.windows[0]?.probe.processes.map((p) => p.name) ?? [];
    const postgres = run.kind === 'multi-process';
    return {
      title: `${run.kind}: cores used over each window, and RSS MiB (peak in the window / at its end)`,
      columns: [
        'orders/s',
        ...names.map((n) => `${n} cores`),
        ...(postgres ? ['postgres cores'] : []),
        'bench cores',
        'kernel',
        'other',
        'idle',
        ...names.map((n) => `${n} RSS`),
      ],
      rows: [
        { rate: 'idle', probe: run.idle },
        ...[...run.windows].sort((a, b) => a.rate - b.rate),
      ].map((w) => {
        const cpu = w.probe.cpu;
        const find = (n: string) => w.probe.processes.find((p) => p.name === n);
        return [
          w.rate,
          ...names.map((n) => find(n)?.cores ?? null),
          ...(postgres ? [cpu?.serverCores ?? null] : []),
          cpu?.clientCores ?? null,
          cpu?.kernelCores ?? null,
          cpu?.otherCores ?? null,
          cpu?.idleCores ?? null,
          ...names.map((n) => {
            const p = find(n);
            if (!p || p.peakMiB === null) return null;
            return `${Math.round(p.peakMiB)}${p.peakIsWindow ? '' : '*'}/${Math.round(p.endMiB ?? NaN)}`;
          }),
        ];
      }),
    };
  });
}
