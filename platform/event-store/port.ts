/**
 * The event store port: the only way any process touches stored events. Three adapters implement
 * it (PostgreSQL, embedded PGlite, EventStoreDB/KurrentDB) and one contract suite
 * (contract/event-store-contract.ts) holds them to the same behaviour.
 */

/**
 * Where an event sits in the global ($all) order. Opaque to callers: hand it back to the same
 * store, compare it only with `comparePositions`. Each adapter encodes it so that plain string
 * order also matches commit order (fixed-width digits), but that is a convenience, not the API.
 */
export type Position = string;

/** Written with every event; the domain injects time and ids, never the store. */
export type EventMetadata = Readonly<{
  correlationId: string;
  causationId: string;
  /** The acting user; null for system-initiated events (expiry, sagas). */
  userId: string | null;
  /** ISO 8601 UTC. */
  occurredAt: string;
  /** Version of the event's data shape; readers upcast older versions (domain/shared/schema.ts). */
  schemaVersion: number;
}>;

export type EventToAppend = Readonly<{
  /** A UUID. Re-appending the same ids is idempotent (see `append`). */
  eventId: string;
  type: string;
  /** Any JSON-serialisable object. */
  data: object;
  metadata: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  eventId: string;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
  streamName: string;
  /** 0-based index of the event in its stream. */
  revision: bigint;
  position: Position;
}>;

/**
 * What the caller believes about the stream before appending (EventStoreDB's semantics):
 * `'any'` no check; `'no-stream'` it must not exist; `'stream-exists'` it must exist; a bigint
 * the revision of its last event must be exactly that.
 */
export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | bigint;

export type AppendResult = Readonly<{
  /** Revision of the last appended event: the expected revision for the next append. */
  nextRevision: bigint;
  /** Position of the last appended event. */
  position: Position;
}>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first event (forwards) or the last one (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}>;

/**
 * An event passes when its type is in `eventTypes` and its stream name starts with one of
 * `streamPrefixes`; an empty or missing list does not filter.
 */
export type EventFilter = Readonly<{
  eventTypes?: readonly string[];
  streamPrefixes?: readonly string[];
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: events strictly after this position. Omitted: from the first event. */
  fromPosition?: Position;
  filter?: EventFilter;
  /** Events per batch (each batch is one query). */
  batchSize?: number;
  /** Stop after this many events in total. */
  maxCount?: number;
}>;

export type SubscribeOptions = Readonly<{
  /** Exclusive: the checkpoint the caller stored (the position of the last event it handled). */
  fromPosition?: Position;
  filter?: EventFilter;
  batchSize?: number;
  /**
   * Called before each reconnect attempt after a transient failure (dropped connection, server
   * restart). The subscription resumes from the last delivered event on its own; this is for logs
   * and metrics. Non-transient errors are thrown to the iterating caller instead.
   */
  onRetry?: (error: unknown, attempt: number) => void;
}>;

/**
 * A live subscription to $all: catches up from `fromPosition`, then waits for new events. Iterate
 * it once; events arrive in position order, each exactly once per run. The caller stores the
 * position of each handled event as its checkpoint and passes it back as `fromPosition` later.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration (the pending `next()` resolves as done) and releases resources. */
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically. Throws `ConcurrencyError` (domain/shared/errors.ts) carrying the actual
   * revision when the expectation fails. Re-appending events whose ids are already stored in this
   * stream, in the same order, under the same expectation, returns the first result and writes
   * nothing. On PostgreSQL an id already stored any other way throws `DuplicateEventIdError`
   * (EventStoreDB only de-duplicates within a stream).
   */
  append(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;

  /** A missing stream reads as an empty array (streams are never empty once they exist). */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Every event of each named stream, forwards, keyed by stream name; a missing stream reads as
   * an empty array. For a command that looks at several aggregates at once (an order and each
   * of its products): PostgreSQL reads them in one query, on one snapshot.
   */
  readStreams(streamNames: readonly string[]): Promise<ReadonlyMap<string, RecordedEvent[]>>;

  /** One-shot read of $all in position order, in batches; ends at the current head. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent[]>;

  subscribeToAll(options?: SubscribeOptions): Subscription;

  /** Negative, zero or positive, like a sort comparator, in commit order. */
  comparePositions(a: Position, b: Position): number;

  /** Position of the last event a subscriber can currently read; the start position if none. */
  headPosition(): Promise<Position>;

  /**
   * How many committed events a reader positioned at `after` (exclusive; omitted: from the start)
   * has still to read, including those it may not read yet because an older transaction is still
   * in flight: during a stall the lag grows instead of reading 0. For projection lag ("lag in
   * events"); exact, and cheap when the reader is close to the head.
   */
  countEventsAfter(after?: Position): Promise<number>;

  /**
   * Committed events that no reader may pass yet, because a transaction that began writing
   * before them is still in flight (0 when nothing stalls, and always where that cannot happen).
   */
  countHeldBackEvents(): Promise<number>;

  /**
   * Age in seconds of the oldest transaction holding a write id on the database server (0 when
   * none). On PostgreSQL such a transaction holds back every subscriber (see docs/EVENT-STORE.md): export it
   * as a metric and alert on it. Always 0 where that cannot happen.
   */
  oldestInFlightWriteAgeSeconds(): Promise<number>;

  /** Creates or upgrades what the store needs; idempotent and safe to call concurrently. */
  ensureSchema(): Promise<void>;

  /** Stops subscriptions and releases connections the store opened itself. */
  close(): Promise<void>;
}
