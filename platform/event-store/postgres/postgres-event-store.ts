import { DuplicateEventIdError, EmptyAppendError, TransactionIdsAheadError } from '../errors';
import {
  comparePositions,
  encodePositionText,
  positionParts,
  START_POSITION,
} from '../position-codec';
import {
  type AppendResult,
  type EventFilter,
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
import { appendColumns, type EventRow, toRecordedEvent } from './event-rows';
import {
  type AllReader,
  type TailRead,
  assertBatchSize,
  type LiveTimings,
  LiveSubscription,
} from './live-subscription';
import { type QueryClient } from './query-client';
import { filterParams, type ReadStatements, readStatements } from './read-sql';
import { appendError, expectedParam, isEventIdViolation } from './append-outcome';
import * as sql from './schema-sql';
import { SharedTailReader } from './shared-tail';
import { CoalescingNotifier, WakeHub } from './wake-up';

export type PostgresEventStoreOptions = Readonly<{
  /** Schema holding the store's tables; lets it share a database with read models. */
  schema?: string;
  /** Fallback re-read interval of caught-up subscriptions when no wake-up arrives. */
  pollIntervalMs?: number;
  /** Events per $all query (subscriptions and readAll). */
  batchSize?: number;
}>;

const MAX_REVISION = '9223372036854775807';
type AppendRow = { next_revision: string; tx_id: string; last_position: string };

/**
 * The event store over SQL, shared by the PostgreSQL and PGlite adapters: one function call per
 * append, $all ordered by (transaction id, sequence) behind the snapshot's xmin. See docs/EVENT-STORE.md.
 */
export class PostgresEventStore implements EventStore {
  readonly schema: string;
  private readonly statements: ReadStatements;
  private readonly timings: LiveTimings;
  private readonly hub = new WakeHub();
  private readonly sharedTail = new SharedTailReader((after, limit, filter) =>
    this.readTail(after, limit, filter),
  );
  private readonly notifier: CoalescingNotifier;
  private readonly subscriptions = new Set<Subscription>();
  private readonly channel: string;
  private listening: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly client: QueryClient,
    options: PostgresEventStoreOptions = {},
  ) {
    this.schema = options.schema ?? 'event_store';
    sql.assertSchemaName(this.schema);
    this.statements = readStatements(this.schema);
    this.channel = `${this.schema}_appended`;
    this.notifier = new CoalescingNotifier(() => client.notify(this.channel));
    this.timings = {
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      heldBackPollMs: 10,
      maxHeldBackPollMs: 250,
      maxBackoffMs: 5_000,
      batchSize: options.batchSize ?? 500,
    };
  }

  /** Also refuses a store restored into a cluster whose transaction ids are behind its own. */
  async ensureSchema(): Promise<void> {
    await this.client.exec(sql.schemaScript(this.schema));
    const [ids] = await this.client.query<{ highest: string | null; next: string }>(
      this.statements.transactionIds,
      [],
    );
    if (ids.highest !== null && BigInt(ids.highest) >= BigInt(ids.next)) {
      throw new TransactionIdsAheadError(BigInt(ids.highest), BigInt(ids.next));
    }
  }

  async append(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new EmptyAppendError(streamName);
    const values = [streamName, expectedParam(expected), ...appendColumns(events)];
    let row: AppendRow;
    try {
      row = await this.callAppend(values, false);
    } catch (error) {
      if (!isEventIdViolation(error)) throw appendError(error, streamName, expected, events);
      // Ids already stored: a replay under 'any'/'stream-exists', or a real duplicate. Only now
      // pay for the lookup that tells them apart.
      try {
        row = await this.callAppend(values, true);
      } catch (again) {
        throw isEventIdViolation(again)
          ? new DuplicateEventIdError(
              streamName,
              events.map((e) => e.eventId),
            )
          : appendError(again, streamName, expected, events);
      }
    }
    this.hub.wakeAll();
    this.notifier.poke();
    return {
      nextRevision: BigInt(row.next_revision),
      position: encodePositionText(row.tx_id, row.last_position),
    };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const forwards = options.direction !== 'backwards';
    const from = options.fromRevision?.toString() ?? (forwards ? '0' : MAX_REVISION);
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const statement = forwards
      ? this.statements.readStreamForwards
      : this.statements.readStreamBackwards;
    const rows = await this.client.query<EventRow>(statement, [
      streamName,
      from,
      options.maxCount ?? null,
    ]);
    return rows.map((row) => toRecordedEvent(row, streamName));
  }

  async readStreams(streamNames: readonly string[]): Promise<ReadonlyMap<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamNames.map((name) => [name, []]));
    if (streams.size === 0) return streams;
    const rows = await this.client.query<EventRow>(this.statements.readStreams, [
      [...streams.keys()],
    ]);
    for (const row of rows) streams.get(row.stream_id as string)?.push(toRecordedEvent(row));
    return streams;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    const batchSize = options.batchSize ?? this.timings.batchSize;
    assertBatchSize(batchSize);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let after = options.fromPosition ?? START_POSITION;
    while (remaining > 0) {
      const limit = Math.min(batchSize, remaining);
      const batch = await this.readAfter(after, limit, options.filter);
      if (batch.length > 0) yield batch;
      if (batch.length < limit) return;
      remaining -= batch.length;
      after = batch[batch.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const reader: AllReader = {
      readAfter: (after, limit, filter) => this.readTail(after, limit, filter),
      readAtTail: (after, limit, filter) => this.sharedTail.read(after, limit, filter),
      startListening: () => this.startListening(),
    };
    const subscription: LiveSubscription = new LiveSubscription(
      reader,
      this.hub,
      options,
      this.timings,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Subscriptions started and not yet ended: one per live reader, or a leak. */
  get openSubscriptions(): number {
    return this.subscriptions.size;
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  async headPosition(): Promise<Position> {
    const [row] = await this.client.query<EventRow>(this.statements.head, []);
    return row ? encodePositionText(row.transaction_id, row.position) : START_POSITION;
  }

  async countEventsAfter(after: Position = START_POSITION): Promise<number> {
    const [xid, position] = positionParts(after);
    const [row] = await this.client.query<{ count: string }>(this.statements.countAfter, [
      xid,
      position,
    ]);
    return Number(row?.count ?? 0);
  }

  async countHeldBackEvents(): Promise<number> {
    const [row] = await this.client.query<{ count: string }>(this.statements.countHeldBack, []);
    return Number(row?.count ?? 0);
  }

  async oldestInFlightWriteAgeSeconds(): Promise<number> {
    const [row] = await this.client.query<{ age: number }>(this.statements.oldestWrite, []);
    return Number(row?.age ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.notifier.flush();
    await this.listening;
    await this.unlisten?.();
    await this.client.close();
  }

  private callAppend(values: unknown[], checkReplay: boolean): Promise<AppendRow> {
    return this.client
      .query<AppendRow>(this.statements.append, [...values, checkReplay])
      .then((rows) => rows[0]);
  }

  private async readAfter(
    after: Position,
    limit: number,
    filter?: EventFilter,
  ): Promise<RecordedEvent[]> {
    const [xid, position] = positionParts(after);
    const statement = this.statements.readAll(filter);
    const rows = await this.client.query<EventRow>(statement, [
      xid,
      position,
      limit,
      ...filterParams(filter),
    ]);
    return rows.map((row) => toRecordedEvent(row));
  }

  /** `readAfter` and whether rows are held back, in one query: a live subscription's read. */
  private async readTail(after: Position, limit: number, filter?: EventFilter): Promise<TailRead> {
    const [xid, position] = positionParts(after);
    const rows = await this.client.query<Partial<EventRow> & { held_back: boolean }>(
      this.statements.readTail(filter),
      [xid, position, limit, ...filterParams(filter)],
    );
    return {
      events: rows.flatMap((row) =>
        row.event_id === null || row.event_id === undefined
          ? []
          : [toRecordedEvent(row as EventRow)],
      ),
      heldBack: rows[0]?.held_back === true,
    };
  }

  private startListening(): Promise<void> {
    const wake = (): void => this.hub.wakeAll();
    this.listening ??= this.client.listen(this.channel, wake, wake).then(
      (unlisten) => {
        this.unlisten = unlisten;
      },
      () => undefined, // subscriptions still poll; the listener is an optimisation
    );
    return this.listening;
  }
}
