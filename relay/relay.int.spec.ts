import { randomUUID } from 'node:crypto';
import { HEADERS, fromBusMessage } from '../platform/bus/integration-event';
import { KafkaBus } from '../platform/bus/kafka/kafka-bus';
import { type BusConsumer } from '../platform/bus/port';
import {
  type MigratedDatabase,
  migratedPostgres,
} from '../test/support/read-model-databases.testing';
import { STREAM_CATEGORIES, topicOf } from '../platform/bus/topics';
import { openMemoryCoordination } from '../platform/coordination';
import { type Coordination } from '../platform/coordination/ports';
import { createPostgresEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { kafkaBrokers, uniqueTopic } from '../test/harness';
import { redactForPublication } from './redact';
import { readRelayCheckpoint } from './relay-checkpoint';
import { type RelaySettings } from './relay-runner';
import {
  append,
  appendForeign,
  appendRenames,
  ControllableBus,
  FAST,
  logger,
  PASSWORD_HASH,
  readTopics,
  relayReached,
  storedEvents,
  TOKEN_HASH,
} from './relay-fixture.testing';
import { relayStatus } from './relay-status';
import { type Relay, startRelay } from './start-relay';

describe('the relay to Kafka', () => {
  const kafka = new KafkaBus({
    brokers: kafkaBrokers(),
    partitions: 3,
    logger,
    settings: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 },
  });
  let database: MigratedDatabase;
  let store: EventStore;
  let coordination: Coordination;
  let prefix: string;
  const relays: Relay[] = [];
  const consumers: BusConsumer[] = [];
  const hung: ControllableBus[] = [];
  const successors: Coordination[] = [];

  const start = (
    options: {
      bus?: ControllableBus;
      coordination?: Coordination;
      settings?: Partial<RelaySettings>;
    } = {},
  ) =>
    startRelay({
      db: database.db,
      store,
      bus: options.bus ?? kafka,
      coordination: options.coordination ?? coordination,
      logger,
      topicPrefix: prefix,
      settings: { ...FAST, batchSize: 50, ...options.settings },
    }).then((relay) => (relays.push(relay), relay));
  const read = async (topics: readonly string[]) => {
    const reader = await readTopics(kafka, topics);
    consumers.push(reader.consumer);
    return reader.inbox;
  };
  const knownTopics = () => STREAM_CATEGORIES.map((category) => topicOf(prefix, category));

  beforeEach(async () => {
    database = await migratedPostgres('relay');
    store = createPostgresEventStore({ connectionString: database.url!, poolSize: 4 });
    await store.ensureSchema();
    coordination = openMemoryCoordination();
    prefix = `${uniqueTopic('relay')}.`;
  });
  afterEach(async () => {
    for (const bus of hung.splice(0)) bus.unhang();
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    for (const successor of successors.splice(0)) await successor.close();
    await coordination.close();
    await store.close();
    await database.close();
  });
  afterAll(() => kafka.close());

  it('publishes every stored event to its category topic, keyed by stream, redacted, in stream order', async () => {
    const user = randomUUID();
    const family = randomUUID();
    const at = new Date().toISOString();
    await append(store, `user-${user}`, [
      {
        type: 'UserRegistered',
        data: {
          userId: user,
          email: 'ann@example.test',
          normalisedEmail: 'ann@example.test',
          name: 'Ann',
          passwordHash: PASSWORD_HASH,
          roles: ['customer'],
          registeredAt: at,
        },
      },
      {
        type: 'UserPasswordChanged',
        data: { userId: user, passwordHash: PASSWORD_HASH, changedAt: at },
      },
    ]);
    await append(store, `session-${family}`, [
      {
        type: 'SessionStarted',
        data: {
          familyId: family,
          userId: user,
          tokenHash: TOKEN_HASH,
          expiresAt: at,
          startedAt: at,
        },
      },
    ]);
    await append(store, 'unique-email-ann@example.test', [
      { type: 'KeyClaimed', data: { key: 'ann@example.test', ownerId: user, claimedAt: at } },
    ]);
    await appendRenames(store, 7, 140);
    // A category nobody listed: its topic is created when its first event comes by.
    const audit = await appendForeign(store, `audit-${randomUUID()}`, 'AuditNoted', { note: 'x' });
    await start();
    await relayReached(database.db, store, audit);

    const stored = await storedEvents(store);
    const inbox = await read([...knownTopics(), topicOf(prefix, 'audit')]);
    await inbox.waitFor(stored.length);

    const byId = new Map(inbox.messages.map((m) => [m.headers[HEADERS.eventId], m]));
    expect(byId.size).toBe(stored.length);
    for (const event of stored) {
      const message = byId.get(event.eventId)!;
      expect(message.topic).toBe(topicOf(prefix, event.streamName.split('-')[0]));
      expect(message.key).toBe(event.streamName);
      expect(message.headers).toEqual({
        [HEADERS.eventId]: event.eventId,
        [HEADERS.eventType]: event.type,
        [HEADERS.schemaVersion]: String(event.metadata.schemaVersion),
        [HEADERS.position]: event.position,
        [HEADERS.streamName]: event.streamName,
        [HEADERS.revision]: event.revision.toString(),
        [HEADERS.correlationId]: event.metadata.correlationId,
        [HEADERS.causationId]: event.metadata.causationId,
        [HEADERS.occurredAt]: event.metadata.occurredAt,
      });
      expect(fromBusMessage(message)).toEqual(redactForPublication(event));
      expect(message.value).not.toContain(PASSWORD_HASH);
      expect(message.value).not.toContain(TOKEN_HASH);
    }
    // Each stream's events arrive in revision order (one key, one partition).
    const streams = new Set(stored.map((e) => e.streamName));
    for (const stream of streams) {
      const revisions = inbox.messages
        .filter((m) => m.key === stream)
        .map((m) => Number(m.headers[HEADERS.revision]));
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
    expect(await relayStatus(database.db, store)).toMatchObject({
      position: audit,
      headPosition: audit,
      lagEvents: 0,
      lagSeconds: 0,
      lastError: null,
    });
  });

  it('writes its checkpoint once per interval while busy, not once per batch, and all of it on stop', async () => {
    // An interval longer than the test: every batch below comes before the checkpoint is due.
    const bus = new ControllableBus(kafka);
    const relay = await start({ bus, settings: { checkpointEveryMs: 3_600_000 } });
    let last = '';
    for (let i = 0; i < 5; i++) {
      last = await appendRenames(store, 1, 10);
      await waitUntil(async () => bus.publishes >= i + 1);
    }
    const inbox = await read(knownTopics());
    await inbox.waitFor(50);
    expect((await readRelayCheckpoint(database.db))?.position).toBeNull();

    await relay.stop();
    relays.splice(relays.indexOf(relay), 1);
    expect((await readRelayCheckpoint(database.db))?.position).toBe(last);
  });

  it('keeps its checkpoint while the bus refuses, records why, and resumes where it was', async () => {
    const before = await appendRenames(store, 3, 30);
    const bus = new ControllableBus(kafka);
    // Topics first, so the only failure is the publish itself.
    await start({ bus });
    await relayReached(database.db, store, before);
    bus.failing = true;
    const last = await appendRenames(store, 3, 30);
    await waitUntil(
      async () => bus.failures >= 3 && (await readRelayCheckpoint(database.db))?.lastError !== null,
    );

    const stuck = await readRelayCheckpoint(database.db);
    expect(stuck?.position).toBe(before);
    expect(stuck?.lastError).toContain('bus unavailable');
    expect(await relayStatus(database.db, store)).toMatchObject({
      lagEvents: 30,
      position: before,
    });

    bus.failing = false;
    await relayReached(database.db, store, last);
    expect((await readRelayCheckpoint(database.db))?.lastError).toBeNull();
    const inbox = await read(knownTopics());
    await inbox.waitFor(60);
    const ids = new Set(inbox.messages.map((m) => m.headers[HEADERS.eventId]));
    expect([...ids].sort()).toEqual((await storedEvents(store)).map((e) => e.eventId).sort());
  });

  it('publishes everything, without a gap, after a relay dies between publish and checkpoint', async () => {
    await appendRenames(store, 10, 300);
    const frozen = new ControllableBus(kafka);
    frozen.hangAfterPublishes = 2;
    hung.push(frozen);
    await start({ bus: frozen });
    await waitUntil(async () => frozen.publishes === 3);
    const appending = appendRenames(store, 10, 200);

    // Its successor: a restarted process, with a lease of its own (in-process coordination).
    const restarted = openMemoryCoordination();
    successors.push(restarted);
    await start({ coordination: restarted });
    await appending;
    const stored = await storedEvents(store);
    await relayReached(database.db, store, stored[stored.length - 1].position);

    const inbox = await read(knownTopics());
    await waitUntil(
      async () => new Set(inbox.messages.map((m) => m.headers[HEADERS.eventId])).size >= 500,
    );
    const ids = new Set(inbox.messages.map((m) => m.headers[HEADERS.eventId]));
    expect(stored.filter((e) => !ids.has(e.eventId))).toEqual([]);
    // The frozen relay's last batch went out twice: at least once, never lost.
    expect(inbox.messages.length).toBeGreaterThan(500);
  });

  it('publishes from one relay at a time; the other takes over when it stops', async () => {
    const first = new ControllableBus(kafka);
    const second = new ControllableBus(kafka);
    const a = await start({ bus: first });
    const b = await start({ bus: second });
    const half = await appendRenames(store, 4, 100);
    await relayReached(database.db, store, half);
    const active = first.publishes > 0 ? a : b;
    const [activeBus, standbyBus] = first.publishes > 0 ? [first, second] : [second, first];
    expect(standbyBus.publishes).toBe(0);

    await active.stop();
    relays.splice(relays.indexOf(active), 1);
    const published = activeBus.publishes;
    const all = await appendRenames(store, 4, 100);
    await relayReached(database.db, store, all);
    expect(standbyBus.publishes).toBeGreaterThan(0);
    expect(activeBus.publishes).toBe(published);

    const inbox = await read(knownTopics());
    await inbox.waitFor(200);
    expect(new Set(inbox.messages.map((m) => m.headers[HEADERS.eventId])).size).toBe(200);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
