import { randomUUID } from 'node:crypto';
import { Inbox } from '../platform/bus/contract/contract-helpers.testing';
import { InProcessBus } from '../platform/bus/in-process/in-process-bus';
import { HEADERS } from '../platform/bus/integration-event';
import { type BusConsumer } from '../platform/bus/port';
import {
  type MigratedDatabase,
  migratedPglite,
} from '../test/support/read-model-databases.testing';
import { STREAM_CATEGORIES, topicOf } from '../platform/bus/topics';
import { openMemoryCoordination } from '../platform/coordination';
import { type Coordination } from '../platform/coordination/ports';
import { createPgliteEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import {
  advanceRelayCheckpoint,
  beginRun,
  readRelayCheckpoint,
  RelayFencedOffError,
} from './relay-checkpoint';
import {
  append,
  appendRenames,
  FAST,
  logger,
  PASSWORD_HASH,
  relayReached,
  storedEvents,
} from './relay-fixture.testing';
import { type Relay, startRelay } from './start-relay';

/**
 * The embedded default (`npm start` with nothing configured): events, read models, the relay's
 * checkpoint and the in-process bus all in one PGlite, which has one connection.
 */
describe('the relay on the embedded database and the in-process bus', () => {
  let database: MigratedDatabase;
  let store: EventStore;
  let bus: InProcessBus;
  let coordination: Coordination;
  const relays: Relay[] = [];
  const consumers: BusConsumer[] = [];

  beforeEach(async () => {
    database = await migratedPglite();
    store = createPgliteEventStore(database.pglite!);
    await store.ensureSchema();
    bus = new InProcessBus({ db: database.db, logger });
    coordination = openMemoryCoordination();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await bus.close();
    await coordination.close();
    await store.close();
    await database.close();
  });

  it('publishes every event, redacted, and a consumer on the same database receives them', async () => {
    const user = randomUUID();
    await append(store, `user-${user}`, [
      {
        type: 'UserPasswordChanged',
        data: { userId: user, passwordHash: PASSWORD_HASH, changedAt: new Date().toISOString() },
      },
    ]);
    await appendRenames(store, 5, 600);
    const inbox = new Inbox();
    // Subscribed before the relay runs: woken by its publishes, no polling needed.
    const topics = STREAM_CATEGORIES.map((category) => topicOf('shopstream.', category));
    consumers.push(await bus.consume({ groupId: 'reader', topics, handle: inbox.handle }));
    relays.push(
      await startRelay({
        db: database.db,
        store,
        bus,
        coordination,
        logger,
        topicPrefix: 'shopstream.',
        settings: FAST,
      }),
    );
    const last = await appendRenames(store, 5, 100);
    await relayReached(database.db, store, last);

    const stored = await storedEvents(store);
    await inbox.waitFor(stored.length);
    expect(inbox.messages.map((m) => m.headers[HEADERS.eventId])).toEqual(
      stored.map((e) => e.eventId),
    );
    expect(inbox.messages.some((m) => m.value.includes(PASSWORD_HASH))).toBe(false);
    expect((await bus.lag('reader', topics)).messages).toBe(0);
  });

  it('lets only the latest run move the checkpoint', async () => {
    const first = await beginRun(database.db);
    const second = await beginRun(database.db);
    expect(second.fence).toBe(first.fence + 1n);
    const position = await appendRenames(store, 1, 1);

    // The earlier run, which does not know it was replaced, cannot write.
    await expect(
      advanceRelayCheckpoint(database.db, { ...first, expected: null }, position),
    ).rejects.toThrow(RelayFencedOffError);
    await advanceRelayCheckpoint(database.db, { ...second, expected: null }, position);
    // Nor can the latest with a stale idea of where the checkpoint is.
    await expect(
      advanceRelayCheckpoint(database.db, { ...second, expected: null }, position),
    ).rejects.toThrow(RelayFencedOffError);
    expect((await readRelayCheckpoint(database.db))?.position).toBe(position);
  });
});
