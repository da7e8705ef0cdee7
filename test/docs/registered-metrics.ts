import { type Knex } from 'knex';
import { Histogram, type Registry } from 'prom-client';
import { CommandRunner } from '../../platform/commands/command-runner';
import { type EventStore } from '../../platform/event-store/port';
import { createHttpMetrics, createMetricsRegistry } from '../../platform/observability/metrics';
import { createManagerMetrics } from '../../process-managers/runtime/metrics';
import { createProjectionMetrics } from '../../projections/runtime/projection-metrics';
import { createRelayMetrics } from '../../relay';

/**
 * Every metric name a Shopstream process can expose, taken from the code that registers them:
 * each process's registry (default process and Node metrics), the HTTP metrics of every app, the
 * command runner's, the projections', the relay's (with the event-store stall gauges) and the
 * process managers'. A histogram also answers to the `_bucket`, `_sum` and `_count` series
 * Prometheus stores for it.
 */
export function metricsTheCodeRegisters(): Set<string> {
  const names = new Set<string>();
  for (const metric of everyProcessMetric().getMetricsAsArray()) {
    const name = nameOf(metric);
    names.add(name);
    if (metric instanceof Histogram) {
      for (const series of ['_bucket', '_sum', '_count']) names.add(`${name}${series}`);
    }
  }
  return names;
}

/** The metrics Shopstream's own code defines: all of the above but prom-client's defaults. */
export function metricsShopstreamDefines(): string[] {
  const defaults = new Set(createMetricsRegistry('defaults').getMetricsAsArray().map(nameOf));
  return everyProcessMetric()
    .getMetricsAsArray()
    .map(nameOf)
    .filter((name) => !defaults.has(name));
}

/**
 * The factories read their database and store only when Prometheus scrapes (their gauges'
 * `collect`), and this registry is never scraped, so neither is opened here.
 */
function everyProcessMetric(): Registry {
  const registry = createMetricsRegistry('docs');
  const unopened = { db: undefined as unknown as Knex, store: undefined as unknown as EventStore };
  createHttpMetrics(registry);
  new CommandRunner(unopened.store, { metrics: registry });
  createProjectionMetrics(registry, unopened);
  createRelayMetrics(registry, unopened);
  createManagerMetrics(registry, unopened.db);
  return registry;
}

function nameOf(metric: unknown): string {
  return (metric as { name: string }).name;
}
