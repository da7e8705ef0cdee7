import { type Knex } from 'knex';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { decodePosition } from '../../platform/event-store/position-codec';
import { type EventStore } from '../../platform/event-store/port';
import { registerStallGauges } from '../../platform/observability/stall-gauges';
import { projectionStates } from './status';

export type ProjectionMetrics = Readonly<{
  batchApplied(projection: string, events: number, seconds: number): void;
  failure(projection: string): void;
  conflict(projection: string): void;
}>;

/**
 * Per projection: events and batches applied, batch durations, failures and checkpoint
 * conflicts, counted as they happen; position, head, lag in events and parked events, read
 * from the database and the store when Prometheus scrapes. Positions are exported as their
 * second part (the global sequence on PostgreSQL, the prepare position on EventStoreDB):
 * numbers that grow with the log, good for graphs; the exact lag is `projection_lag_events`.
 */
export function createProjectionMetrics(
  registry: Registry,
  source: { db: Knex; store: EventStore },
): ProjectionMetrics {
  const labelNames = ['projection'] as const;
  const events = new Counter({
    name: 'projection_events_total',
    help: 'Events passed through a projection (applied, or skipped as not handled or parked).',
    labelNames,
    registers: [registry],
  });
  const batches = new Histogram({
    name: 'projection_batch_duration_seconds',
    help: 'Time to apply one batch and advance the checkpoint, in one transaction.',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'projection_failures_total',
    help: 'Failed attempts to apply an event (each is retried with backoff, never skipped).',
    labelNames,
    registers: [registry],
  });
  const conflicts = new Counter({
    name: 'projection_checkpoint_conflicts_total',
    help: 'Runs ended because another runner had advanced the checkpoint.',
    labelNames,
    registers: [registry],
  });

  const position = new Gauge({
    name: 'projection_position',
    help: 'Sequence part of the last position a projection processed.',
    labelNames,
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'projection_lag_events',
    help: 'Events stored after the projection’s checkpoint, held-back ones included: what it has still to process.',
    labelNames,
    registers: [registry],
  });
  const parked = new Gauge({
    name: 'projection_parked_events',
    help: 'Events parked in the dead-letter table by an operator.',
    labelNames,
    registers: [registry],
  });
  new Gauge({
    name: 'event_store_head_position',
    help: 'Sequence part of the last position in the event store.',
    registers: [registry],
    async collect() {
      // The same figures as `projections list` and GET /projections.
      const states = await projectionStates(source.db, source.store);
      this.set(sequenceOf(states[0]?.headPosition ?? (await source.store.headPosition())));
      for (const state of states) {
        const labels = { projection: state.name };
        position.set(labels, state.position ? sequenceOf(state.position) : 0);
        lag.set(labels, state.lag);
        parked.set(labels, state.parkedEvents);
      }
    },
  });

  registerStallGauges(registry, source.store);

  return {
    batchApplied(projection, count, seconds) {
      events.inc({ projection }, count);
      batches.observe({ projection }, seconds);
    },
    failure: (projection) => failures.inc({ projection }),
    conflict: (projection) => conflicts.inc({ projection }),
  };
}

function sequenceOf(position: string): number {
  return Number(decodePosition(position).low);
}
