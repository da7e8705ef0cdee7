/** The event store as the rest of the code base sees it: the port, its errors, and the factory. */
export type {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './port';
export {
  ConcurrencyError,
  DuplicateEventIdError,
  EmptyAppendError,
  InvalidPositionError,
} from './errors';
export { START_POSITION } from './position-codec';
export {
  createPgliteEventStore,
  createPostgresEventStore,
  openEventStore,
  openPgliteEventStore,
} from './open-event-store';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
