import { type Knex } from 'knex';
import { decodePosition, encodePosition } from '../../platform/event-store/position-codec';
import { readCheckpoint } from './checkpoints';

export const DEAD_LETTERS = 'projection_dead_letters';

export type ParkedEvent = Readonly<{
  projection: string;
  eventId: string;
  position: string;
  type: string;
  error: string;
  parkedAt: Date;
}>;

/** Why `projections park` refused: it names what the operator can do instead. */
export class ParkRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParkRefusedError';
  }
}

/**
 * Moves the event a projection is stuck on to the dead-letter table; the runner skips it from its
 * next retry on (and rebuilds skip it too). Only the event the projection is failing on can be
 * parked: parking is the answer to a poison event, and an id that is not failing anything is far
 * more likely a typo than a plan. Parking the same event twice is a no-op.
 */
export async function parkEvent(
  db: Knex,
  projection: string,
  eventId: string,
): Promise<ParkedEvent> {
  const existing = await db(DEAD_LETTERS).where({ projection, event_id: eventId }).first();
  if (existing) return toParked(existing);
  const checkpoint = await readCheckpoint(db, projection);
  if (!checkpoint) throw new ParkRefusedError(`there is no projection named "${projection}"`);
  if (checkpoint.failingEventId !== eventId) {
    const stuck = checkpoint.failingEventId
      ? `it is failing on event ${checkpoint.failingEventId}`
      : 'it is not failing on any event';
    throw new ParkRefusedError(
      `projection ${projection} is not failing on event ${eventId}: ${stuck}`,
    );
  }
  await db(DEAD_LETTERS)
    .insert({
      projection,
      event_id: eventId,
      position: checkpoint.failingPosition,
      type: checkpoint.failingType,
      error: checkpoint.lastError ?? 'unknown error',
    })
    .onConflict(['projection', 'event_id'])
    .ignore();
  return toParked(await db(DEAD_LETTERS).where({ projection, event_id: eventId }).first());
}

export async function parkedEventIds(db: Knex, projection: string): Promise<Set<string>> {
  const rows = (await db(DEAD_LETTERS).where({ projection }).select('event_id')) as {
    event_id: string;
  }[];
  return new Set(rows.map((row) => row.event_id));
}

/**
 * Whether any of these projections parked an event of the write that ended at `position`: the
 * events one append wrote share the first half of their positions (the transaction on
 * PostgreSQL, the commit on EventStoreDB), so they lie between that half's first position and
 * this one. The checkpoint passes parked events by, so only this says the write was not applied.
 */
export async function parkedInWrite(
  db: Knex,
  projections: readonly string[],
  position: string,
): Promise<boolean> {
  const writeStart = encodePosition({ high: decodePosition(position).high, low: 0n });
  const row = (await db(DEAD_LETTERS)
    .whereIn('projection', projections)
    .whereBetween('position', [writeStart, position])
    .first('event_id')) as { event_id: string } | undefined;
  return row !== undefined;
}

export async function listParked(db: Knex, projection?: string): Promise<ParkedEvent[]> {
  const query = db(DEAD_LETTERS).orderBy(['projection', 'position']);
  if (projection) void query.where({ projection });
  return ((await query) as DeadLetterRow[]).map(toParked);
}

export async function countParked(db: Knex): Promise<Map<string, number>> {
  const rows = (await db(DEAD_LETTERS)
    .select('projection')
    .count<{ projection: string; count: string }[]>('* as count')
    .groupBy('projection')) as { projection: string; count: string }[];
  return new Map(rows.map((row) => [row.projection, Number(row.count)]));
}

type DeadLetterRow = {
  projection: string;
  event_id: string;
  position: string;
  type: string;
  error: string;
  parked_at: Date;
};

function toParked(row: DeadLetterRow): ParkedEvent {
  return {
    projection: row.projection,
    eventId: row.event_id,
    position: row.position,
    type: row.type,
    error: row.error,
    parkedAt: row.parked_at,
  };
}
