import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type JSONType,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, EmptyAppendError } from '../errors';
import { comparePositions, START_POSITION } from '../position-codec';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import {
  fromEsdbPosition,
  isUserEvent,
  matchesFilter,
  toEsdbExpected,
  toEsdbPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

/**
 * The port over EventStoreDB/KurrentDB (EVENTSTORE_URL). The server already provides revisions,
 * idempotent appends and a gap-free $all; this adapter maps names, errors and positions, hides
 * system events, and adds re-subscription after a dropped connection.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async ensureSchema(): Promise<void> {
    // Nothing to create: streams come into being on first append.
  }

  async append(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new EmptyAppendError(streamName);
    const proposed = events.map((e) =>
      jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata }),
    );
    try {
      const result = await this.client.appendToStream(streamName, proposed, {
        expectedRevision: toEsdbExpected(expected),
      });
      const position = result.position
        ? fromEsdbPosition(result.position)
        : await this.positionOf(streamName, result.nextExpectedRevision);
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === NO_STREAM ? 'no-stream' : error.actualVersion;
        throw new ConcurrencyError(streamName, String(expected), actual);
      }
      throw error;
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const forwards = options.direction !== 'backwards';
    const read = this.client.readStream(streamName, {
      direction: forwards ? FORWARDS : BACKWARDS,
      fromRevision: options.fromRevision ?? (forwards ? START : END),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** EventStoreDB reads one stream per call: the streams are read side by side. */
  async readStreams(streamNames: readonly string[]): Promise<ReadonlyMap<string, RecordedEvent[]>> {
    const names = [...new Set(streamNames)];
    const events = await Promise.all(names.map((name) => this.readStream(name)));
    return new Map(names.map((name, i) => [name, events[i]]));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = options.batchSize ?? 500;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const from = options.fromPosition;
    // The server reads $all from a position inclusively; the port's fromPosition is exclusive.
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: from ? toEsdbPosition(from) : START,
    });
    let batch: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = resolved.event;
        if (!event || !isUserEvent(event)) continue;
        const recorded = toRecordedEvent(event);
        if (recorded.position === from || !matchesFilter(recorded, options.filter)) continue;
        batch.push(recorded);
        remaining -= 1;
        if (batch.length === batchSize || remaining === 0) {
          yield batch;
          batch = [];
        }
        if (remaining === 0) return;
      }
      if (batch.length > 0) yield batch;
    } finally {
      await read.cancel().catch(() => undefined);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(
      this.client,
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  async headPosition(): Promise<Position> {
    // Lazily, newest first: system events ($stats, projections) may sit on top of the last user event.
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    try {
      for await (const resolved of read) {
        if (resolved.event && isUserEvent(resolved.event))
          return fromEsdbPosition(resolved.event.position);
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return START_POSITION;
  }

  /**
   * Reads $all forwards from `after` to the end and counts the user events: the server keeps no
   * count to ask for, so this is linear in the lag (every event, system ones included, crosses the
   * wire once). Cheap for a reader near the head, which is what lag metrics poll.
   */
  async countEventsAfter(after?: Position): Promise<number> {
    // Inclusive on the server, exclusive in the port: the event at `after` itself is not counted.
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after ? toEsdbPosition(after) : START,
    });
    let count = 0;
    try {
      for await (const resolved of read) {
        const event = resolved.event;
        if (!event || !isUserEvent(event)) continue;
        if (event.position && fromEsdbPosition(event.position) === after) continue;
        count += 1;
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return count;
  }

  async oldestInFlightWriteAgeSeconds(): Promise<number> {
    return 0; // the log assigns positions at commit: nothing in flight can hold readers back
  }

  async countHeldBackEvents(): Promise<number> {
    return 0; // same reason
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.client.dispose();
  }

  /** Idempotent replays may come back without a position: read it from the stored event. */
  private async positionOf(streamName: string, revision: bigint): Promise<Position> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`stream ${streamName}: appended revision ${revision} not found`);
    return event.position;
  }
}
