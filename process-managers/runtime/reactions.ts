import { type Knex } from 'knex';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { type DecisionInput, decideAndRecord } from './decisions';
import { loadLookups } from './lookups';
import { type ManagerInput, type ProcessManager } from './process-manager';
import { type NowRunner } from './scheduler';

export type ReactionDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  /** Runs what a decision scheduled for now, in order; left to the poller when absent. */
  scheduler?: NowRunner;
}>;

export type Reaction = 'decided' | 'duplicate' | 'ignored';

/** One stored event through one manager (`process-managers retry`, and tests): see `reactAll`. */
export async function react<State>(
  manager: ProcessManager<State>,
  recorded: RecordedEvent,
  deps: ReactionDependencies,
): Promise<Reaction> {
  const [reaction] = await reactAll(manager, [recorded], deps);
  return reaction;
}

/**
 * Stored events through one manager, in order: which are for this manager (its types, an
 * instance), what must be read alongside each (as of its position, one read for all), then one
 * decision transaction for all of them, then the actions they scheduled for now, each
 * instance's in order. All or nothing up to the commit: a batch that throws recorded nothing.
 * Returns each event's reaction, in the events' order.
 */
export async function reactAll<State>(
  manager: ProcessManager<State>,
  recorded: readonly RecordedEvent[],
  deps: ReactionDependencies,
): Promise<Reaction[]> {
  const reactions: Reaction[] = recorded.map(() => 'ignored');
  const types = manager.eventTypes as readonly string[];
  const wanted = recorded
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => types.includes(event.type))
    .map(({ event, index }) => ({ index, input: toInput(event) }))
    .map(({ index, input }) => ({ index, input, instance: manager.instanceOf(input) }))
    .filter(
      (item): item is { index: number; input: ManagerInput; instance: string } =>
        item.instance !== null,
    );
  const lookups = await loadLookups(
    deps.store,
    wanted.map(({ input }) => ({ request: manager.lookups?.(input) ?? {}, asOf: input.position })),
  );
  // A manager without state that decides nothing leaves no trace: no transaction for it.
  const initial = manager.initialState();
  const decisions: (DecisionInput & { index: number })[] = wanted
    .map((item, at) => ({ ...item, lookups: lookups[at] }))
    .filter((item) => initial !== null || manager.decide(item.input, initial, item.lookups).length);

  const { scheduler } = deps;
  const decided = await decideAndRecord(deps.db, manager, decisions, scheduler?.owner);
  decided.fresh.forEach((fresh, at) => {
    reactions[decisions[at].index] = fresh ? 'decided' : 'duplicate';
  });
  if (scheduler && decided.runNow.size > 0)
    await scheduler.runNowEach(manager.name, decided.runNow);
  return reactions;
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
