import { type Cell } from '../report';
import { type TopologyRun } from './session';
import { round, type Titled } from './tables';

const CATEGORIES = 12;

/** With --profile: where each process's main thread went, and the top statements of a window. */
export function profileTables(runs: readonly TopologyRun[]): Titled[] {
  const tables: Titled[] = [];
  for (const run of runs) {
    const profiles = run.profiles ?? [];
    if (profiles.length > 0) {
      const totals = new Map<string, number>();
      for (const p of profiles) {
        for (const c of p.categories) totals.set(c.category, (totals.get(c.category) ?? 0) + c.ms);
      }
      const shown = [...totals].sort((a, b) => b[1] - a[1]).slice(0, CATEGORIES);
      const seconds = (ms: number | undefined): Cell =>
        ms === undefined ? null : round(ms / 1_000);
      tables.push({
        title:
          `${run.kind}: main-thread seconds by layer over the whole run (V8 --cpu-prof, ` +
          'wall-clock samples: includes waiting for a core)',
        columns: ['layer', ...profiles.map((p) => p.process)],
        rows: [
          ...shown.map(([category]) => [
            category,
            ...profiles.map((p) => seconds(p.categories.find((c) => c.category === category)?.ms)),
          ]),
          ['= not idle', ...profiles.map((p) => seconds(p.busyMs))],
          ['profiled', ...profiles.map((p) => seconds(p.windowMs))],
        ],
      });
    }
    // The statements of the last window that held (a steady state), else of the first one.
    const window = [...run.windows].reverse().find((w) => w.held) ?? run.windows[0];
    const statements = window?.probe.statements;
    const totals = window?.probe.statementTotals;
    if (window && statements && statements.length > 0) {
      const perOrder = (calls: number) => round(calls / Math.max(1, window.orders));
      tables.push({
        title:
          `${run.kind} @${window.rate}/s: pg_stat_statements, top by total time ` +
          '(statements inside functions counted too)',
        columns: ['statement', 'calls/order', 'mean ms', 'total ms'],
        rows: [
          ...statements.map((s) => [s.query, perOrder(s.calls), s.meanMs, s.totalMs]),
          ...(totals ? [['= every statement', perOrder(totals.calls), null, totals.totalMs]] : []),
        ],
      });
    }
  }
  return tables;
}
