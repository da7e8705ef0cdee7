import {
  ANY,
  type AppendExpectedRevision,
  CancelledError,
  DeadlineExceededError,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  NO_STREAM,
  NotLeaderError,
  type Position as EsdbPosition,
  type RecordedEvent as EsdbRecordedEvent,
  STREAM_EXISTS,
  streamNameFilter,
  UnavailableError,
} from '@eventstore/db-client';
import { decodePosition, encodePosition } from '../position-codec';
import {
  type EventFilter,
  type EventMetadata,
  type ExpectedRevision,
  type RecordedEvent,
} from '../port';

/**
 * Translations between the port and the EventStoreDB/KurrentDB client. Positions are the log's
 * (commit, prepare) pair: commit alone orders events, prepare is needed to resume exactly.
 */
export function toEsdbPosition(position: string): EsdbPosition {
  const { high, low } = decodePosition(position);
  return { commit: high, prepare: low };
}

export function fromEsdbPosition(position: EsdbPosition): string {
  return encodePosition({ high: position.commit, low: position.prepare });
}

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'stream-exists') return STREAM_EXISTS;
  return expected;
}

/** System streams and events ($-prefixed, link events '$>') are never user events. */
export function isUserEvent(event: EsdbRecordedEvent): boolean {
  return !event.type.startsWith('$') && !event.streamId.startsWith('$') && event.isJson;
}

export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  const types = filter?.eventTypes ?? [];
  const prefixes = filter?.streamPrefixes ?? [];
  return (
    (types.length === 0 || types.includes(event.type)) &&
    (prefixes.length === 0 || prefixes.some((p) => event.streamName.startsWith(p)))
  );
}

/**
 * The server applies one filter; pick the most selective one it supports and let
 * `matchesFilter` apply the rest on the client. Both choices also drop system events.
 */
export function serverFilter(filter: EventFilter | undefined): Filter {
  if (filter?.eventTypes?.length) {
    const alternatives = filter.eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return eventTypeFilter({ regex: `^(?:${alternatives.join('|')})$` });
  }
  if (
    filter?.streamPrefixes?.length &&
    !filter.streamPrefixes.some((p) => p === '' || p.startsWith('$'))
  ) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  return excludeSystemEvents();
}

export function toRecordedEvent(event: EsdbRecordedEvent, commitPosition?: bigint): RecordedEvent {
  // Reads from a stream carry the position on servers >= 22.10; older ones only the commit.
  const position =
    event.position ??
    (commitPosition === undefined
      ? undefined
      : { commit: commitPosition, prepare: commitPosition });
  if (!position) throw new Error(`EventStoreDB returned event ${event.id} without a position`);
  return {
    eventId: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata as EventMetadata,
    streamName: event.streamId,
    revision: event.revision,
    position: fromEsdbPosition(position),
  };
}

/** Failures after which re-subscribing from the last delivered position is the right move. */
export function isTransientEsdbError(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError ||
    (error instanceof Error &&
      /UNAVAILABLE|ECONNRESET|ECONNREFUSED|Connection dropped/i.test(error.message))
  );
}
