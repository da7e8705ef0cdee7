import { type DomainEvent, eventSchemas, schemaVersionOf } from '../../domain/event-schemas';
import { upcastEvent } from '../../domain/shared/schema';
import { type EventMetadata, type RecordedEvent } from '../event-store/port';

/**
 * The bridge between stored events and domain events: what is read is upcast to the current
 * schema version, and what is appended carries its type's current version in metadata.
 */
export function toDomainEvent(recorded: RecordedEvent): DomainEvent {
  const data = upcastEvent(
    eventSchemas,
    recorded.type,
    recorded.data,
    recorded.metadata.schemaVersion,
  );
  return { type: recorded.type, data } as DomainEvent;
}

export function versionedMetadata(
  type: DomainEvent['type'],
  context: Omit<EventMetadata, 'schemaVersion'>,
): EventMetadata {
  return { ...context, schemaVersion: schemaVersionOf(type) };
}
