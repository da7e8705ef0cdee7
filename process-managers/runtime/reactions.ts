import { type Knex } from 'knex';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { decideAndRecord } from './decisions';
import { loadLookups } from './lookups';
import { type Lookups, type ManagerInput, type ProcessManager } from './process-manager';
import { type NowRunner } from './scheduler';

export type ReactionDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  /** Runs what a decision scheduled for now, in order; left to the poller when absent. */
  scheduler?: NowRunner;
}>;

export type Reaction = 'decided' | 'duplicate' | 'ignored';

/**
 * One stored event through one manager: is it for this manager (its types, an instance), what
 * must be read alongside it (as of its position), then the decision transaction, then the
 * actions it scheduled for now. Used by the consumer and by `process-managers retry` alike.
 */
export async function react<State>(
  manager: ProcessManager<State>,
  recorded: RecordedEvent,
  deps: ReactionDependencies,
): Promise<Reaction> {
  if (!(manager.eventTypes as readonly string[]).includes(recorded.type)) return 'ignored';
  const input = toInput(recorded);
  const instance = manager.instanceOf(input);
  if (instance === null) return 'ignored';
  const lookups: Lookups = manager.lookups
    ? await loadLookups(deps.store, manager.lookups(input), input.position)
    : {};
  // A manager without state that decides nothing leaves no trace: no transaction at all.
  const initial = manager.initialState();
  if (initial === null && manager.decide(input, initial, lookups).length === 0) return 'ignored';

  const { scheduler } = deps;
  const decided = await decideAndRecord(
    deps.db,
    manager,
    instance,
    input,
    lookups,
    scheduler?.owner,
  );
  if (!decided.fresh) return 'duplicate';
  if (decided.runNow > 0) {
    await scheduler?.runNow({ manager: manager.name, instance }, decided.claimed);
  }
  return 'decided';
}

export function toInput(recorded: RecordedEvent): ManagerInput {
  return {
    event: toDomainEvent(recorded),
    eventId: recorded.eventId,
    streamName: recorded.streamName,
    position: recorded.position,
    occurredAt: recorded.metadata.occurredAt,
    correlationId: recorded.metadata.correlationId,
  };
}
