import { encodePositionText } from '../position-codec';
import { type EventMetadata, type EventToAppend, type RecordedEvent } from '../port';

/** A stored event as the drivers return it (bigint and xid8 as strings, json parsed). */
export type EventRow = {
  transaction_id: string;
  position: string;
  revision: string;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  stream_id?: string;
};

export function toRecordedEvent(
  row: EventRow,
  streamName = row.stream_id as string,
): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamName,
    revision: BigInt(row.revision),
    position: encodePositionText(row.transaction_id, row.position),
  };
}

/**
 * The append function takes one array per column (unnest turns them back into rows). Data and
 * metadata go as JSON text: the json column stores it as sent.
 */
export function appendColumns(
  events: readonly EventToAppend[],
): [ids: string[], types: string[], data: string[], metadata: string[]] {
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  for (const event of events) {
    ids.push(event.eventId);
    types.push(event.type);
    data.push(JSON.stringify(event.data));
    metadata.push(JSON.stringify(event.metadata));
  }
  return [ids, types, data, metadata];
}
