import { type Knex } from 'knex';
import { fromBusMessage } from '../../platform/bus/integration-event';
import { type EventStore } from '../../platform/event-store/port';
import { deadLetter, park, unpark } from './dead-letters';
import { type ProcessManager } from './process-manager';
import { react, type Reaction } from './reactions';

export class NotParkedError extends Error {
  constructor(manager: string, eventId: string) {
    super(`${manager} has no parked event ${eventId} (\`process-managers list\` shows them)`);
    this.name = 'NotParkedError';
  }
}

/** `process-managers park`: the failing event moves aside; its worker goes on at its next try. */
export async function parkEvent(db: Knex, manager: string, eventId: string): Promise<void> {
  await park(db, manager, eventId);
}

/**
 * `process-managers retry`: re-drives a parked event through its manager, once its cause is
 * fixed. The reaction is recorded as any other (inbox, state, schedule rows); the running
 * workers pick its actions up from the schedule. If it fails again it stays parked.
 */
export async function retryParkedEvent(
  deps: Readonly<{ db: Knex; store: EventStore }>,
  manager: ProcessManager<never>,
  eventId: string,
): Promise<Reaction> {
  const parked = await deadLetter(deps.db, manager.name, eventId);
  if (!parked) throw new NotParkedError(manager.name, eventId);
  const reaction = await react(
    manager as ProcessManager,
    fromBusMessage(parkedMessage(parked.message)),
    // No scheduler: the running workers' pollers take the actions (callers may pass more).
    { db: deps.db, store: deps.store },
  );
  await unpark(deps.db, manager.name, eventId);
  return reaction;
}

function parkedMessage(value: string) {
  return { topic: '', key: '', value, headers: {} };
}
