import { createHash } from 'node:crypto';
import { type Knex } from 'knex';
import { readCheckpoint } from '../runtime/checkpoints';
import { physicalTable } from '../runtime/tables';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { ordersProjection } from './index';
import { type OrderListFilter, orderListQuery } from './queries';

const ORDERS = 100_000;
/** One customer with a tenth of all orders: "own orders" must not degrade for a heavy buyer. */
const HEAVY_USER = '00000000-0000-4000-8000-000000000001';
/** One of the 5,000 others, with 20 orders. */
const LIGHT_USER = md5Uuid('user7');

/** PostgreSQL's `md5(text)::uuid::text`, as the fill below derives its ids. */
function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
};

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function planOf(db: Knex, query: Knex.QueryBuilder): Promise<PlanNode[]> {
  const { sql, bindings } = query.toSQL();
  const { rows } = (await db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings)) as {
    rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
  };
  return nodes(rows[0]['QUERY PLAN'][0].Plan);
}

describe('order-history query plans over 100k orders', () => {
  let fixture: ProjectionFixture;
  let table: string;

  beforeAll(async () => {
    fixture = await createProjectionFixture([ordersProjection]);
    const checkpoint = await readCheckpoint(fixture.db, ordersProjection.name);
    table = physicalTable('orders_orders', checkpoint!.generation);
    // 100k orders over four years: a tenth from one customer, the rest from 5,000 others,
    // statuses spread over every life-cycle state.
    await fixture.db.raw(
      `INSERT INTO ?? (order_id, user_id, status, lines, total_cents, item_count, shipping_address,
                       created_at, updated_at)
       SELECT md5('order' || i)::uuid::text,
              CASE WHEN i % 10 = 0 THEN ? ELSE md5('user' || (i % 5000))::uuid::text END,
              (ARRAY['pending','confirmed','rejected','paid','cancelled','expired','shipped',
                     'delivered'])[1 + i % 8],
              '[]'::jsonb, 1000 + i % 5000, 1 + i % 5, '{}'::jsonb,
              timestamptz '2022-01-01T00:00:00Z' + i * interval '20 minutes',
              timestamptz '2022-01-01T00:00:00Z' + i * interval '20 minutes' + interval '1 hour'
         FROM generate_series(1, ?) AS i`,
      [table, HEAVY_USER, ORDERS],
    );
    await fixture.db.raw('ANALYZE ??', [table]);
  });
  afterAll(() => fixture?.close());

  const after = { createdAt: '2024-06-01T00:00:00.000Z', orderId: 'ffffffff' };
  const cases: Array<[string, OrderListFilter]> = [
    ['own orders', { userId: LIGHT_USER, limit: 20 }],
    ['own orders of a heavy buyer', { userId: HEAVY_USER, limit: 20 }],
    ['own orders, next page', { userId: HEAVY_USER, limit: 20, after }],
    ['own orders by status', { userId: HEAVY_USER, status: 'paid', limit: 20 }],
    ['own orders by status, next page', { userId: HEAVY_USER, status: 'paid', limit: 20, after }],
    ['admin: all orders', { limit: 20 }],
    ['admin: all orders, next page', { limit: 100, after }],
    ['admin: by status', { status: 'shipped', limit: 20 }],
    ['admin: by status, next page', { status: 'shipped', limit: 20, after }],
    ['admin: by user', { userId: HEAVY_USER, limit: 50 }],
    [
      'admin: by user and status, next page',
      { userId: HEAVY_USER, status: 'cancelled', limit: 20, after },
    ],
  ];

  it('fills the table as the cases assume', async () => {
    const count = async (userId: string) =>
      Number((await fixture.db(table).where('user_id', userId).count({ n: '*' }))[0].n);
    expect([await count(HEAVY_USER), await count(LIGHT_USER)]).toEqual([10_000, 20]);
  });

  it.each(cases)('%s: reads an index, never the whole table', async (_, filter) => {
    const plan = await planOf(fixture.db, orderListQuery(fixture.db, filter));
    const scans = plan.filter((node) => node['Relation Name'] === table);

    expect(scans.length).toBeGreaterThan(0);
    expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });

  it('serves a heavy buyer’s newest page straight from the index order, without sorting', async () => {
    const plan = await planOf(fixture.db, orderListQuery(fixture.db, cases[1][1]));
    expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
  });
});
