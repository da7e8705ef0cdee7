import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '../../domain/event-schemas';
import { type AppendResult, type EventStore } from '../event-store/port';
import { versionedMetadata } from './domain-events';

/**
 * Test history: appends domain events as they are (no decider, expected revision `any`) with the
 * metadata the command path writes: one correlation id for the batch, `occurredAt` as given.
 */
export function appendDomainEvents(
  store: EventStore,
  streamName: string,
  events: readonly DomainEvent[],
  options: { at?: string; userId?: string | null } = {},
): Promise<AppendResult> {
  const correlationId = randomUUID();
  return store.append(
    streamName,
    events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: versionedMetadata(event.type, {
        correlationId,
        causationId: correlationId,
        userId: options.userId ?? null,
        occurredAt: options.at ?? new Date().toISOString(),
      }),
    })),
    'any',
  );
}
