import { type Knex } from 'knex';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type EventStore } from '../platform/event-store/port';
import { registerStallGauges } from '../platform/observability/stall-gauges';
import { relayStatus, type RelayStatus } from './relay-status';

export type RelayMetrics = Readonly<{
  published(events: number, seconds: number): void;
  failure(): void;
}>;

/**
 * Events published and publish durations, counted as they happen; failed attempts; and, read
 * when Prometheus scrapes, the lag in events and in seconds (the same figures as
 * `shopstream relay status`).
 */
export function createRelayMetrics(
  registry: Registry,
  source: { db: Knex; store: EventStore },
): RelayMetrics {
  const events = new Counter({
    name: 'relay_published_events_total',
    help: 'Stored events published to the integration bus (acknowledged by it).',
    registers: [registry],
  });
  const batches = new Histogram({
    name: 'relay_publish_batch_seconds',
    help: 'Time to publish one batch and move the relay checkpoint.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'relay_failures_total',
    help: 'Failed attempts to publish or to run (each is retried with backoff, never skipped).',
    registers: [registry],
  });

  // Both gauges read one status per scrape: prom-client collects them concurrently.
  let scrape: Promise<RelayStatus> | undefined;
  const status = () =>
    (scrape ??= relayStatus(source.db, source.store).finally(() => {
      scrape = undefined;
    }));
  registerStallGauges(registry, source.store);
  new Gauge({
    name: 'relay_lag_events',
    help: 'Events stored after the relay checkpoint: what it has still to publish.',
    registers: [registry],
    async collect() {
      this.set((await status()).lagEvents);
    },
  });
  new Gauge({
    name: 'relay_lag_seconds',
    help: 'Age of the oldest event not yet published (0 when caught up).',
    registers: [registry],
    async collect() {
      this.set((await status()).lagSeconds);
    },
  });

  return {
    published(count, seconds) {
      events.inc(count);
      batches.observe(seconds);
    },
    failure: () => failures.inc(),
  };
}
