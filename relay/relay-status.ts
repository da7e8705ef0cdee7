import { type Knex } from 'knex';
import { type EventStore } from '../platform/event-store/port';
import { RELAY_NAME, readRelayCheckpoint } from './relay-checkpoint';

export type RelayStatus = Readonly<{
  /** Position of the last event the bus acknowledged; null before the first. */
  position: string | null;
  headPosition: string;
  /** Events stored after the checkpoint: what the relay has still to publish. */
  lagEvents: number;
  /** How long the oldest unpublished event has waited (from its occurredAt); 0 when caught up. */
  lagSeconds: number;
  lastError: string | null;
  /** ISO 8601; null when the relay never ran. */
  updatedAt: string | null;
}>;

/** What `shopstream relay status` prints, the read API answers, and the metrics export. */
export async function relayStatus(
  db: Knex,
  store: EventStore,
  now: Date = new Date(),
): Promise<RelayStatus> {
  const [checkpoint, headPosition] = await Promise.all([
    readRelayCheckpoint(db, RELAY_NAME),
    store.headPosition(),
  ]);
  const position = checkpoint?.position ?? null;
  const [lagEvents, oldest] = await Promise.all([
    store.countEventsAfter(position ?? undefined),
    oldestUnpublished(store, position),
  ]);
  const lagSeconds = oldest ? Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000) : 0;
  return {
    position,
    headPosition,
    lagEvents,
    lagSeconds,
    lastError: checkpoint?.lastError ?? null,
    updatedAt: checkpoint?.updatedAt.toISOString() ?? null,
  };
}

/** The occurredAt of the first event after the checkpoint, if there is one. */
async function oldestUnpublished(store: EventStore, after: string | null): Promise<string | null> {
  for await (const batch of store.readAll({
    fromPosition: after ?? undefined,
    batchSize: 1,
    maxCount: 1,
  })) {
    if (batch.length > 0) return batch[0].metadata.occurredAt;
  }
  return null;
}
