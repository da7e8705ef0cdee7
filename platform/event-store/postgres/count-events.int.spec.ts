import { Client } from 'pg';
import { collectAll, newEvent, newEvents, untilReadable } from '../contract/contract-helpers';
import { createPostgresEventStore } from '../open-event-store';
import { encodePositionText, positionParts } from '../position-codec';
import { type Position } from '../port';
import { useFreshDatabase } from '../test-support/fresh-database';
import { type PostgresEventStore } from './postgres-event-store';
import { readStatements } from './read-sql';

/**
 * countEventsAfter on PostgreSQL: it must count exactly what a subscriber would still read (so
 * nothing behind a transaction still in flight), and a short tail must cost a short index scan.
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

test('counts nothing behind a transaction still in flight, exactly as readAll reads nothing', async () => {
  const from = await readableMarker();
  const slow = await connect();
  await slow.query('BEGIN');
  let committed = false;
  try {
    const held = newEvent('Held');
    const { rows } = await slow.query<{ tx_id: string; last_position: string }>(
      `SELECT tx_id, last_position
         FROM event_store.append_events($1, -2, $2::uuid[], $3::text[], $4::json[], $5::json[])`,
      [
        'count-held',
        [held.eventId],
        [held.type],
        [JSON.stringify(held.data)],
        [JSON.stringify(held.metadata)],
      ],
    );
    const heldPosition = encodePositionText(rows[0].tx_id, rows[0].last_position);
    let last = '';
    for (const event of newEvents(4)) {
      last = (await store.append('count-after-held', [event], 'any')).position;
    }
    // Four rows committed after the held one, ahead of it in $all: every session sees them, but
    // no reader may pass the open transaction, so neither readAll nor the count includes them.
    expect(store.comparePositions(heldPosition, last)).toBeLessThan(0);
    const [{ committed: stored }] = await database.admin<{ committed: string }>(
      `SELECT count(*) AS committed FROM event_store.events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)`,
      positionParts(from),
    );
    expect(Number(stored)).toBe(4);
    expect((await collectAll(store.readAll({ fromPosition: from }))).flat()).toEqual([]);
    expect(await store.countEventsAfter(from)).toBe(0);

    await slow.query('COMMIT');
    committed = true;
    await untilReadable(store, last);
    const readable = (await collectAll(store.readAll({ fromPosition: from }))).flat();
    expect(readable.map((e) => e.position)[0]).toBe(heldPosition);
    expect(readable).toHaveLength(5);
    expect(await store.countEventsAfter(from)).toBe(5);
    expect(await store.countEventsAfter(heldPosition)).toBe(4);
    expect(await store.countEventsAfter(last)).toBe(0);
  } finally {
    if (!committed) await slow.query('ROLLBACK');
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
