import { type EventMetadata, type RecordedEvent } from '../event-store/port';
import { type BusMessage, type ReceivedMessage } from './port';
import { categoryOfStream, topicOf } from './topics';

/** Header names: what a consumer needs to route or deduplicate without parsing the value. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  position: 'position',
  streamName: 'stream-name',
  revision: 'stream-revision',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
} as const;

type Envelope = Readonly<{
  eventId: string;
  type: string;
  streamName: string;
  revision: string;
  position: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
}>;

/** A stored event as an integration message: keyed by its stream, on its category's topic. */
export function toBusMessage(event: RecordedEvent, topicPrefix: string): BusMessage {
  const envelope: Envelope = {
    eventId: event.eventId,
    type: event.type,
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: event.position,
    data: event.data,
    metadata: event.metadata,
  };
  const { metadata } = event;
  return {
    topic: topicOf(topicPrefix, categoryOfStream(event.streamName)),
    key: event.streamName,
    value: JSON.stringify(envelope),
    headers: {
      [HEADERS.eventId]: event.eventId,
      [HEADERS.eventType]: event.type,
      [HEADERS.schemaVersion]: String(metadata.schemaVersion),
      [HEADERS.position]: event.position,
      [HEADERS.streamName]: event.streamName,
      [HEADERS.revision]: event.revision.toString(),
      [HEADERS.correlationId]: metadata.correlationId,
      [HEADERS.causationId]: metadata.causationId,
      [HEADERS.occurredAt]: metadata.occurredAt,
    },
  };
}

/** The stored event back from a message (its data as published, to be upcast by the reader). */
export function fromBusMessage(message: ReceivedMessage | BusMessage): RecordedEvent {
  const envelope = JSON.parse(message.value) as Envelope;
  return {
    eventId: envelope.eventId,
    type: envelope.type,
    streamName: envelope.streamName,
    revision: BigInt(envelope.revision),
    position: envelope.position,
    data: envelope.data,
    metadata: envelope.metadata,
  };
}
