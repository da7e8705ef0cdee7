import { Client } from 'pg';
import { collectAll, newEvent, newEvents, untilReadable } from '../contract/contract-helpers';
import { createPostgresEventStore } from '../open-event-store';
import { positionParts } from '../position-codec';
import { type Position } from '../port';
import { useFreshDatabase } from '../test-support/fresh-database';
import { appendInOpenTransaction } from '../test-support/forgotten-begin';
import { type PostgresEventStore } from './postgres-event-store';
import { readStatements } from './read-sql';

/**
 * countEventsAfter on PostgreSQL: it must count exactly what a subscriber has still to read,
 * including what a transaction still in flight holds back (a stall must show as lag, not as 0),
 * and a short tail must cost a short index scan.
 */
const database = useFreshDatabase('es_count');
let store: PostgresEventStore;
const clients: Client[] = [];

beforeAll(async () => {
  store = createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
  database.beforeDrop(() => Promise.all([store.close(), ...clients.map((c) => c.end())]));
  await store.ensureSchema();
});

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** A position every earlier row is visible behind: later rows are this test's alone. */
async function readableMarker(): Promise<Position> {
  const { position } = await store.append('marker', [newEvent('Marker')], 'any');
  await untilReadable(store, position);
  return position;
}

test('counts the events held back behind a transaction still in flight, which readAll may not pass yet', async () => {
  const from = await readableMarker();
  const held = await appendInOpenTransaction(database.url, 'count-held');
  let ended = false;
  try {
    let last = '';
    for (const event of newEvents(4)) {
      last = (await store.append('count-after-held', [event], 'any')).position;
    }
    // Four rows committed after the held one, behind it in $all: no reader may pass the open
    // transaction, so readAll returns nothing, but the lag counts them and so do held-back events.
    expect(store.comparePositions(held.position, last)).toBeLessThan(0);
    expect((await collectAll(store.readAll({ fromPosition: from }))).flat()).toEqual([]);
    expect(await store.countEventsAfter(from)).toBe(4);
    // At least: another test file's transaction on the shared cluster may hold back more.
    expect(await store.countHeldBackEvents()).toBeGreaterThanOrEqual(4);
    expect(await store.oldestInFlightWriteAgeSeconds()).toBeGreaterThan(0);

    await held.commit();
    ended = true;
    await untilReadable(store, last);
    const readable = (await collectAll(store.readAll({ fromPosition: from }))).flat();
    expect(readable.map((e) => e.position)[0]).toBe(held.position);
    expect(readable).toHaveLength(5);
    expect(await store.countEventsAfter(from)).toBe(5);
    expect(await store.countEventsAfter(held.position)).toBe(4);
    expect(await store.countEventsAfter(last)).toBe(0);
  } finally {
    if (!ended) await held.rollback();
  }
});

test('a short tail is counted by a range scan on the (transaction_id, position) key', async () => {
  for (let i = 0; i < 20; i++) {
    await store.append(`bulk-${i}`, newEvents(500), 'no-stream');
  }
  const tail = await readableMarker();
  const { position: last } = await store.append('tail', newEvents(3), 'no-stream');
  await database.admin('ANALYZE event_store.events');
  await untilReadable(store, last);
  expect(await store.countEventsAfter(tail)).toBe(3);

  // The plan the store's connections actually run: the prepared statement, past the executions
  // after which PostgreSQL may switch to a generic plan.
  const client = await connect();
  await client.query(`PREPARE count_after AS ${readStatements('event_store').countAfter.text}`);
  const args = positionParts(tail)
    .map((part) => `'${part}'`)
    .join(', ');
  for (let i = 0; i < 8; i++) await client.query(`EXECUTE count_after(${args})`);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN EXECUTE count_after(${args})`,
  );
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index (Only )?Scan using events_pkey/);
  expect(plan).not.toMatch(/Seq Scan/);
});
