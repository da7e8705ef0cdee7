import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { eventually, newEvent, newEvents, take, untilReadable } from '../contract/contract-helpers';
import { createPostgresEventStore } from '../open-event-store';
import { encodePositionText } from '../position-codec';
import { type EventToAppend, type RecordedEvent } from '../port';
import { useFreshDatabase } from '../test-support/fresh-database';
import { type PostgresEventStore } from './postgres-event-store';

/**
 * The sequence-gap problem, forced: a transaction takes a position, stays open, and later
 * positions commit before it. A reader that resumes from "position > last seen" skips it forever;
 * the store's subscribers must wait for it and never skip it.
 */
const database = useFreshDatabase('es_order');
let writer: PostgresEventStore;
let reader: PostgresEventStore;
const clients: Client[] = [];

beforeAll(async () => {
  writer = createPostgresEventStore({ connectionString: database.url, poolSize: 8 });
  reader = createPostgresEventStore({ connectionString: database.url, poolSize: 3 });
  database.beforeDrop(() =>
    Promise.all([writer.close(), reader.close(), ...clients.map((c) => c.end())]),
  );
  await writer.ensureSchema();
});

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Calls the append function inside the caller's open transaction, as a slow writer would. */
async function appendInTransaction(
  client: Client,
  stream: string,
  event: EventToAppend,
): Promise<string> {
  const { rows } = await client.query<{ tx_id: string; last_position: string }>(
    `SELECT tx_id, last_position FROM event_store.append_events($1, -2, $2::uuid[], $3::text[], $4::json[], $5::json[])`,
    [
      stream,
      [event.eventId],
      [event.type],
      [JSON.stringify(event.data)],
      [JSON.stringify(event.metadata)],
    ],
  );
  return encodePositionText(rows[0].tx_id, rows[0].last_position);
}

/** The reader we must beat: resumes from the highest sequence number it has seen. */
function startNaiveReader(client: Client) {
  const state = { last: 0n, seen: new Set<string>(), running: true };
  const done = (async () => {
    while (state.running) {
      const { rows } = await client.query<{ position: string; event_id: string }>(
        'SELECT position, event_id FROM event_store.events WHERE position > $1 ORDER BY position LIMIT 1000',
        [state.last.toString()],
      );
      for (const row of rows) state.seen.add(row.event_id);
      if (rows.length > 0) state.last = BigInt(rows[rows.length - 1].position);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return { state, stop: () => ((state.running = false), done) };
}

function expectStrictlyIncreasing(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(reader.comparePositions(events[i - 1].position, events[i].position)).toBeLessThan(0);
  }
}

test('8 writers, 10,000 events, 100 streams, one transaction held open: delivered once each, in order, none skipped', async () => {
  const total = 10_000;
  const appended: string[] = [];
  const delivered: RecordedEvent[] = [];
  const subscription = reader.subscribeToAll();
  const consuming = (async () => {
    for await (const event of subscription) delivered.push(event);
  })();
  const naive = startNaiveReader(await connect());

  const writers = Array.from({ length: 8 }, async () => {
    for (let quota = total / 8; quota > 0;) {
      const events = newEvents(Math.min(quota, 1 + randomInt(4)));
      await writer.append(`stream-${randomInt(100)}`, events, 'any');
      appended.push(...events.map((e) => e.eventId));
      quota -= events.length;
    }
  });

  const heldEvent = newEvent('Held');
  const holding = (async () => {
    await eventually(async () => appended.length >= 2_000);
    const slow = await connect();
    await slow.query('BEGIN');
    const heldPosition = await appendInTransaction(slow, 'held-stream', heldEvent);
    const heldSequence = BigInt(heldPosition.split('-')[1]);
    // Later positions commit while it stays open, and the naive reader moves past its number.
    await eventually(async () => naive.state.last > heldSequence && appended.length >= 4_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stallSeconds = await reader.oldestInFlightWriteAgeSeconds();
    const committedMeanwhile = appended.length;
    const deliveredWhileHeld = [...delivered];
    await slow.query('COMMIT');
    return { heldPosition, stallSeconds, committedMeanwhile, deliveredWhileHeld };
  })();

  await Promise.all(writers);
  const held = await holding;
  await eventually(async () => delivered.length >= total + 1, 60_000);
  await eventually(
    async () => naive.state.last >= BigInt(delivered.at(-1)!.position.split('-')[1]),
  );
  await new Promise((resolve) => setTimeout(resolve, 300)); // room for duplicates to show up
  await subscription.stop();
  await consuming;
  await naive.stop();

  // Every event exactly once, in position order, per-stream revisions in order.
  expect(delivered).toHaveLength(total + 1);
  expect(new Set(delivered.map((e) => e.eventId))).toEqual(
    new Set([...appended, heldEvent.eventId]),
  );
  expectStrictlyIncreasing(delivered);
  const lastRevision = new Map<string, bigint>();
  for (const event of delivered) {
    expect(event.revision).toBe((lastRevision.get(event.streamName) ?? -1n) + 1n);
    lastRevision.set(event.streamName, event.revision);
  }

  // While the transaction was open the subscriber stalled behind it instead of passing it ...
  expect(held.stallSeconds).toBeGreaterThanOrEqual(0.3);
  expect(held.deliveredWhileHeld.length).toBeLessThan(held.committedMeanwhile);
  for (const event of held.deliveredWhileHeld) {
    expect(reader.comparePositions(event.position, held.heldPosition)).toBeLessThan(0);
  }
  // ... and delivered it after the commit, at its place in the order.
  const heldIndex = delivered.findIndex((e) => e.eventId === heldEvent.eventId);
  expect(heldIndex).toBeGreaterThanOrEqual(held.deliveredWhileHeld.length);
  expect(delivered[heldIndex].position).toBe(held.heldPosition);

  // The scenario is real: resuming from the highest sequence number seen loses the held event.
  expect(naive.state.seen.has(heldEvent.eventId)).toBe(false);
  expect(naive.state.seen.size).toBeLessThan(total + 1);
});

test('a transaction whose id is older but whose sequence number is newer is not skipped on resume', async () => {
  const from = await reader.headPosition();
  const older = await connect();
  await older.query('BEGIN');
  await older.query('SELECT pg_current_xact_id()'); // takes its transaction id now ...
  const newer = newEvent('Newer');
  await writer.append('order-b', [newer], 'any'); // ... a later transaction takes a sequence number
  const olderEvent = newEvent('Older');
  const olderPosition = await appendInTransaction(older, 'order-a', olderEvent); // ... a higher one
  await older.query('COMMIT');
  await untilReadable(reader, olderPosition);

  // In $all order the older transaction comes first although its sequence number is higher.
  const batches: RecordedEvent[][] = [];
  for await (const batch of reader.readAll({ fromPosition: from, batchSize: 1 }))
    batches.push(batch);
  expect(batches.flat().map((e) => e.eventId)).toEqual([olderEvent.eventId, newer.eventId]);

  // Resuming from the first event's (transaction, sequence) pair finds the second; resuming from
  // its sequence number alone, as a sequence-only checkpoint would, does not.
  const first = batches[0][0];
  const resumed = [];
  for await (const batch of reader.readAll({ fromPosition: first.position }))
    resumed.push(...batch);
  expect(resumed.map((e) => e.eventId)).toEqual([newer.eventId]);
  const bySequence = await database.admin<{ event_id: string }>(
    'SELECT event_id FROM event_store.events WHERE position > $1',
    [first.position.split('-')[1]],
  );
  expect(bySequence.map((r) => r.event_id)).not.toContain(newer.eventId);
});

test('a subscriber held back by a transaction that appends nothing delivers once it ends, with no wake-up', async () => {
  // A safety-net poll far beyond the wait below: only the held-back re-read can deliver in time.
  const patient = createPostgresEventStore(
    { connectionString: database.url, poolSize: 2 },
    { pollIntervalMs: 120_000 },
  );
  database.beforeDrop(() => patient.close());
  const subscription = patient.subscribeToAll({ fromPosition: await patient.headPosition() });
  const iterator = subscription[Symbol.asyncIterator]();
  const foreign = await connect();
  await foreign.query('BEGIN');
  await foreign.query('SELECT pg_current_xact_id()'); // holds xmin back; sends no notification
  const event = newEvent('BehindForeign');
  await writer.append('order-c', [event], 'any'); // wakes the subscriber, which finds it held back
  const delivered = take(iterator, 1, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await foreign.query('COMMIT');
  expect((await delivered).map((e) => e.eventId)).toEqual([event.eventId]);
  await subscription.stop();
});
