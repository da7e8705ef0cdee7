import { type EventStore } from '../port';

export type ContractFixture = Readonly<{
  store: EventStore;
  /**
   * Makes the server drop every connection this store holds, as a restart or
   * pg_terminate_backend would. The store must recover on its own.
   */
  dropConnections?: () => Promise<void>;
}>;

export type EventStoreContractFactory = Readonly<{
  /**
   * A ready store (schema ensured) for one test. Stores may share storage with other tests: every
   * test works in streams of its own and reads $all from the head it saw first.
   */
  open(): Promise<ContractFixture>;
  /**
   * A ready store over storage of its own that holds no events yet (a fresh schema, say). Absent
   * where the suite shares one server it cannot partition; `emptyStoreUnsupported` says why.
   */
  openEmpty?(): Promise<ContractFixture>;
  /** Set when `openEmpty` is absent; the tests needing it are skipped showing this reason. */
  emptyStoreUnsupported?: string;
  /** Set when fixtures cannot drop connections; that test is skipped showing this reason. */
  dropConnectionsUnsupported?: string;
  /** PostgreSQL keeps event ids unique across streams; EventStoreDB only within a stream. */
  globallyUniqueEventIds: boolean;
}>;

/** Opens fixtures for the running test and closes them after it, whatever happened. */
export type FixtureScope = {
  open(): Promise<ContractFixture>;
  /** The factory's `openEmpty`; only call it when the factory has one. */
  openEmpty(): Promise<ContractFixture>;
  factory: EventStoreContractFactory;
};
