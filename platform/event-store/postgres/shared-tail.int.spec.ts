import { randomInt } from 'node:crypto';
import { eventually, newEvent, newEvents, take } from '../contract/contract-helpers';
import { START_POSITION } from '../position-codec';
import { type Position, type RecordedEvent } from '../port';
import { appendInOpenTransaction } from '../test-support/forgotten-begin';
import { useFreshDatabase } from '../test-support/fresh-database';
import { PgQueryClient } from './pg-query-client';
import { PostgresEventStore } from './postgres-event-store';
import { type QueryClient, type Statement } from './query-client';

/**
 * Several live subscribers of one store (a process's projections and relay) share their tail
 * reads (shared-tail.ts). Each must still see exactly what a reader of its own would: every event
 * after its own checkpoint, once, in $all order, also past a transaction committed out of order.
 */
const database = useFreshDatabase('es_shared_tail');

/** Counts the live subscriptions' tail reads that reach the server. */
function countingTailReads(inner: QueryClient) {
  const counter = { tailReads: 0 };
  const client: QueryClient = {
    query<Row extends object>(statement: Statement, values: readonly unknown[]) {
      if (statement.name?.includes('read_tail')) counter.tailReads += 1;
      return inner.query<Row>(statement, values);
    },
    exec: (script) => inner.exec(script),
    listen: (channel, onNotify, onReconnect) => inner.listen(channel, onNotify, onReconnect),
    notify: (channel) => inner.notify(channel),
    close: () => inner.close(),
  };
  return { client, counter };
}

function openStore(pollIntervalMs = 1_000) {
  const { client, counter } = countingTailReads(
    PgQueryClient.open({ connectionString: database.url, max: 6 }),
  );
  const store = new PostgresEventStore(client, { pollIntervalMs, batchSize: 50 });
  database.beforeDrop(() => store.close());
  return { store, counter };
}

function consume(store: PostgresEventStore, from: Position) {
  const delivered: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ fromPosition: from });
  const done = (async () => {
    for await (const event of subscription) delivered.push(event);
  })();
  return { from, delivered, stop: () => subscription.stop().then(() => done) };
}

test('subscribers at different positions, 4 writers, one transaction held open: each gets every event after its own start once, in order', async () => {
  const { store } = openStore();
  await store.ensureSchema();
  const early = newEvents(120);
  for (let i = 0; i < early.length; i += 10) {
    await store.append(`early-${i}`, early.slice(i, i + 10), 'no-stream');
  }
  const history: RecordedEvent[] = [];
  for await (const batch of store.readAll()) history.push(...batch);
  const subscribers = [START_POSITION, history[29].position, history[119].position].map((from) =>
    consume(store, from),
  );

  const total = 2_000;
  let appended = 0;
  const writers = Array.from({ length: 4 }, async () => {
    for (let quota = total / 4; quota > 0;) {
      const events = newEvents(Math.min(quota, 1 + randomInt(3)));
      await store.append(`stream-${randomInt(50)}`, events, 'any');
      appended += events.length;
      quota -= events.length;
    }
  });
  const lateJoiners = (async () => {
    await eventually(async () => appended >= 500);
    subscribers.push(consume(store, subscribers[2].delivered.at(-1)?.position ?? START_POSITION));
    // Held open while later appends commit: it sorts before them once it commits.
    const held = await appendInOpenTransaction(database.url, 'held-stream');
    await eventually(async () => appended >= 1_000);
    subscribers.push(consume(store, subscribers[0].delivered.at(-1)?.position ?? START_POSITION));
    await held.commit();
  })();
  await Promise.all([...writers, lateJoiners]);

  const all: RecordedEvent[] = [];
  for await (const batch of store.readAll()) all.push(...batch);
  expect(all).toHaveLength(120 + total + 1);
  const expected = (from: Position) =>
    all.filter((e) => store.comparePositions(e.position, from) > 0).map((e) => e.eventId);
  await eventually(
    async () => subscribers.every((s) => s.delivered.length >= expected(s.from).length),
    60_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 300)); // room for duplicates to show up
  await Promise.all(subscribers.map((s) => s.stop()));
  for (const subscriber of subscribers) {
    expect(subscriber.delivered.map((e) => e.eventId)).toEqual(expected(subscriber.from));
  }
});

test('caught-up subscribers of one store share one tail read per append', async () => {
  // No fallback poll within the test: every read below answers an append's wake-up.
  const { store, counter } = openStore(120_000);
  await store.ensureSchema();
  const from = await store.headPosition();
  const subscriptions = Array.from({ length: 5 }, () =>
    store.subscribeToAll({ fromPosition: from }),
  );
  const iterators = subscriptions.map((s) => s[Symbol.asyncIterator]());
  const first = newEvent();
  await store.append('shared-first', [first], 'no-stream');
  for (const iterator of iterators) await take(iterator, 1);

  const appends = 20;
  const readsBefore = counter.tailReads;
  for (let i = 0; i < appends; i++) {
    const pending = iterators.map((iterator) => take(iterator, 1));
    await new Promise((resolve) => setImmediate(resolve)); // each parked in its wait
    const event = newEvent();
    await store.append(`shared-${i}`, [event], 'no-stream');
    for (const [received] of await Promise.all(pending))
      expect(received.eventId).toBe(event.eventId);
  }
  // Five subscribers reading on their own would make 5 reads per append. A read held back by a
  // transaction elsewhere in the cluster may add one now and then.
  expect(counter.tailReads - readsBefore).toBeLessThan(appends * 2);
  await Promise.all(subscriptions.map((s) => s.stop()));
});
