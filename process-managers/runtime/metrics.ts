import { type Knex } from 'knex';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { processManagerStates } from './status';

export type HandleOutcome = 'decided' | 'duplicate' | 'ignored' | 'parked';
export type ActionOutcome =
  'appended' | 'already-appended' | 'no-op' | 'refused' | 'retrying' | 'effect-done';

export type ManagerMetrics = Readonly<{
  handled(manager: string, outcome: HandleOutcome, seconds?: number): void;
  failure(manager: string): void;
  actionRun(manager: string, outcome: ActionOutcome): void;
}>;

/**
 * Per manager: events handled (decided, duplicates the inbox caught, ignored, parked), failed
 * attempts, and what became of each scheduled action, counted as they happen; consumer lag,
 * parked events and the schedule, read from the database when Prometheus scrapes.
 */
export function createManagerMetrics(registry: Registry, db: Knex): ManagerMetrics {
  const registers = [registry];
  const handled = new Counter({
    name: 'process_manager_events_total',
    help: 'Events a process manager received, by what it did with them.',
    labelNames: ['manager', 'outcome'],
    registers,
  });
  const decisions = new Histogram({
    name: 'process_manager_decision_seconds',
    help: 'Lookups, decision transaction and the actions run at once, per event.',
    labelNames: ['manager'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const failures = new Counter({
    name: 'process_manager_failures_total',
    help: 'Failed attempts at an event (each retried with backoff until it works or is parked).',
    labelNames: ['manager'],
    registers,
  });
  const actions = new Counter({
    name: 'process_manager_actions_total',
    help: 'Scheduled commands and effects run, by outcome.',
    labelNames: ['manager', 'outcome'],
    registers,
  });
  const gauges = {
    lag: gauge(
      registry,
      'process_manager_lag_messages',
      'Messages its consumer group has not committed (last reported by its worker).',
    ),
    parked: gauge(registry, 'process_manager_parked_events', 'Events an operator parked.'),
    due: gauge(
      registry,
      'process_manager_schedule_due',
      'Scheduled actions due now, not yet done.',
    ),
    waiting: gauge(
      registry,
      'process_manager_schedule_waiting',
      'Scheduled actions due later (deadlines, retries).',
    ),
  };
  new Gauge({
    name: 'process_manager_scrape_ok',
    help: '1 when the process-manager gauges could be read at the last scrape.',
    registers,
    async collect() {
      try {
        for (const state of await processManagerStates(db)) {
          const labels = { manager: state.name };
          gauges.lag.set(labels, state.lag ?? 0);
          gauges.parked.set(labels, state.parked.length);
          gauges.due.set(labels, state.scheduled.due);
          gauges.waiting.set(labels, state.scheduled.waiting);
        }
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });
  return {
    handled(manager, outcome, seconds) {
      handled.inc({ manager, outcome });
      if (seconds !== undefined) decisions.observe({ manager }, seconds);
    },
    failure: (manager) => failures.inc({ manager }),
    actionRun: (manager, outcome) => actions.inc({ manager, outcome }),
  };
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  return new Gauge({ name, help, labelNames: ['manager'], registers: [registry] });
}
