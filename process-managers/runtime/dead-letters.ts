import { type Knex } from 'knex';
import { type RecordedEvent } from '../../platform/event-store/port';

/**
 * The event a manager is stuck on (its attempts and last error, for `process-managers list`) and
 * the events an operator parked. A stuck event is retried with backoff and never skipped; only
 * parking moves it aside, and `retry` re-drives a parked one once its cause is fixed.
 */
export async function recordFailure(
  db: Knex,
  manager: string,
  event: RecordedEvent,
  message: string,
  error: string,
  attempts: number,
): Promise<void> {
  await db('pm_failures')
    .insert({
      manager,
      event_id: event.eventId,
      position: event.position,
      type: event.type,
      error: error.slice(0, 4000),
      attempts,
      message,
    })
    .onConflict(['manager', 'event_id'])
    .merge(['error', 'attempts', 'updated_at']);
}

export async function clearFailure(db: Knex, manager: string, eventId: string): Promise<void> {
  await db('pm_failures').where({ manager, event_id: eventId }).delete();
}

export async function isParked(db: Knex, manager: string, eventId: string): Promise<boolean> {
  return (await db('pm_dead_letters').where({ manager, event_id: eventId }).first()) !== undefined;
}

export class NotFailingError extends Error {
  constructor(manager: string, eventId: string, failing: readonly string[]) {
    super(
      failing.length === 0
        ? `${manager} is not stuck on any event; nothing to park (${eventId})`
        : `${manager} is not failing on ${eventId}; it is failing on ${failing.join(', ')}`,
    );
    this.name = 'NotFailingError';
  }
}

/** Moves the event a manager is failing on to its dead letters; its worker goes on at once. */
export async function park(db: Knex, manager: string, eventId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const failing = await trx('pm_failures').where({ manager }).forUpdate().select('*');
    const row = failing.find((candidate) => candidate.event_id === eventId);
    if (!row) {
      const parked = await trx('pm_dead_letters').where({ manager, event_id: eventId }).first();
      if (parked) return;
      throw new NotFailingError(
        manager,
        eventId,
        failing.map((candidate) => candidate.event_id as string),
      );
    }
    await trx('pm_dead_letters').insert({
      manager,
      event_id: eventId,
      position: row.position,
      type: row.type,
      error: row.error,
      message: row.message,
    });
    await trx('pm_failures').where({ manager, event_id: eventId }).delete();
  });
}

export type DeadLetter = Readonly<{ eventId: string; message: string }>;

export async function deadLetter(
  db: Knex,
  manager: string,
  eventId: string,
): Promise<DeadLetter | undefined> {
  const row = await db('pm_dead_letters').where({ manager, event_id: eventId }).first();
  return row ? { eventId: row.event_id, message: row.message } : undefined;
}

export async function unpark(db: Knex, manager: string, eventId: string): Promise<void> {
  await db('pm_dead_letters').where({ manager, event_id: eventId }).delete();
}
