import { type Knex } from 'knex';
import {
  type MigratedDatabase,
  migratedPglite,
  migratedPostgres,
} from '../../test/support/read-model-databases.testing';
import { addCounters, RowBatch } from './row-batch';

type Row = {
  id: string;
  n: number;
  big: string;
  doc: unknown;
  at: string;
  note: string | null;
};

const backends: [string, () => Promise<MigratedDatabase>][] = [
  ['Postgres', () => migratedPostgres('row_batch')],
  ['PGlite', () => migratedPglite()],
];

/** Text that JSON, PostgreSQL arrays and VALUES lists each escape in their own way. */
const AWKWARD = `quote " backslash \\ brace { } comma , apostrophe ' newline \n ünï ✓ 🚀`;

describe.each(backends)('RowBatch writes on %s', (_name, open) => {
  let database: MigratedDatabase;
  let db: Knex;
  /** Statements sent, with how many parameters each carried. */
  let sent: { sql: string; parameters: number }[];
  const record = (query: { sql: string; bindings?: readonly unknown[] }) =>
    sent.push({ sql: query.sql, parameters: query.bindings?.length ?? 0 });

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await db.schema.createTable('batch_rows', (t) => {
      t.text('id').primary();
      t.integer('n').notNullable();
      t.bigInteger('big').notNullable();
      t.jsonb('doc');
      t.timestamp('at', { useTz: true }).notNullable();
      t.text('note');
    });
    await db.raw(
      'ALTER TABLE batch_rows ADD COLUMN n_twice integer GENERATED ALWAYS AS (n * 2) STORED',
    );
    await db.schema.createTable('batch_counters', (t) => {
      t.text('bucket');
      t.text('product');
      t.bigInteger('units').notNullable().defaultTo(0);
      t.primary(['bucket', 'product']);
    });
    db.on('query', record);
  });
  beforeEach(() => {
    sent = [];
  });
  afterAll(async () => {
    db.off('query', record);
    await database.close();
  });

  const row = (i: number, change: Partial<Row> = {}): Row => ({
    id: `r${i}`,
    n: i,
    big: (2n ** 40n + BigInt(i)).toString(),
    doc: { lines: [{ sku: `s${i}`, quantity: i }], text: AWKWARD },
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    note: i % 2 === 0 ? null : AWKWARD,
    ...change,
  });

  it('sends a flush of 2,000 rows as one statement with one parameter', async () => {
    await db.transaction(async (tx) => {
      const batch = new RowBatch<Row>(tx, 'batch_rows', ['id']);
      for (let i = 0; i < 2_000; i++) batch.set(row(i));
      sent = [];
      await batch.flush();
    });
    const inserts = sent.filter(({ sql }) => /insert/i.test(sql));
    expect(inserts).toEqual([{ sql: expect.any(String), parameters: 1 }]);
    const [{ count }] = await db('batch_rows').count({ count: '*' });
    expect(Number(count)).toBe(2_000);
  });

  it('stores every value as given: json as its value, awkward text, bigint, time, null', async () => {
    const written = [row(1), row(2), row(3, { doc: ['a', AWKWARD, { deep: [1, null] }] })];
    await db.transaction(async (tx) => {
      const batch = new RowBatch<Row>(tx, 'batch_rows', ['id']);
      for (const each of written) batch.set(each);
      await batch.flush();
    });
    const stored = await db('batch_rows').whereIn('id', ['r1', 'r2', 'r3']).orderBy('id');
    expect(
      stored.map((each: Row & { at: Date }) => ({ ...each, at: each.at.toISOString() })),
    ).toEqual(written.map((each) => ({ ...each, n_twice: each.n * 2 })));
  });

  it('replaces a stored row on its key and leaves the rest alone', async () => {
    await db.transaction(async (tx) => {
      const batch = new RowBatch<Row>(tx, 'batch_rows', ['id']);
      await batch.load([['r5'], ['r6']]);
      batch.update(['r5'], (stored) => ({ ...row(5), n: stored.n + 1000, doc: [AWKWARD] }));
      await batch.flush();
    });
    const stored = await db('batch_rows').whereIn('id', ['r5', 'r6']).orderBy('id');
    expect(stored.map(({ n, doc }: Row) => ({ n, doc }))).toEqual([
      { n: 1005, doc: [AWKWARD] },
      { n: 6, doc: row(6).doc },
    ]);
  });

  it('adds counters to stored ones on a two-column key', async () => {
    const add = (rows: { bucket: string; product: string; units: number }[]) =>
      db.transaction((tx) =>
        addCounters(tx, 'batch_counters', ['bucket', 'product'], ['units'], rows),
      );
    await add([
      { bucket: 'h1', product: 'p1', units: 2 },
      { bucket: 'h1', product: 'p2', units: 3 },
    ]);
    await add([
      { bucket: 'h1', product: 'p1', units: 5 },
      { bucket: 'h2', product: 'p1', units: 7 },
    ]);
    const stored = await db('batch_counters').orderBy(['bucket', 'product']);
    expect(stored).toEqual([
      { bucket: 'h1', product: 'p1', units: '7' },
      { bucket: 'h1', product: 'p2', units: '3' },
      { bucket: 'h2', product: 'p1', units: '7' },
    ]);
  });
});
