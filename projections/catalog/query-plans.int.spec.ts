import { type Knex } from 'knex';
import { readCheckpoint } from '../runtime/checkpoints';
import { physicalTable } from '../runtime/tables';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { catalogProjection } from './index';
import { type ProductListQuery, productListQuery } from './queries';

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
};

const ROWS = 100_000;

/**
 * The step's demand: catalog search and listing never scan the whole products table. 100,000
 * products go straight into the live table (the projection's path is tested elsewhere; this is
 * about the planner), then each kind of listing the API can ask for is EXPLAINed.
 */
describe('catalog query plans over 100,000 products', () => {
  let fixture: ProjectionFixture;
  let table: string;

  beforeAll(async () => {
    fixture = await createProjectionFixture([catalogProjection]);
    const checkpoint = await readCheckpoint(fixture.db, catalogProjection.name);
    table = physicalTable('catalog_products', checkpoint?.generation ?? 1);
    // 50 categories, 8 product words, 1,000 description words; every 20th product sold out,
    // every 25th discontinued; prices spread over 0..99,999.
    await fixture.db.raw(
      `INSERT INTO ?? (product_id, sku, name, description, category, price_cents, available,
                       status, created_at, updated_at)
       SELECT md5(i::text)::uuid, 'SKU-' || i,
              'Product ' || i || ' ' || (ARRAY['mug','kettle','lamp','chair','table','hose','rake','pan'])[1 + i % 8],
              'Made of word' || (i % 1000) || ' and sold in boxes of ' || (i % 12),
              'Category ' || (i % 50), (i * 7919) % 100000, CASE WHEN i % 20 = 0 THEN 0 ELSE i % 40 END,
              CASE WHEN i % 25 = 0 THEN 'discontinued' ELSE 'active' END,
              timestamptz '2025-01-01' + i * interval '1 minute',
              timestamptz '2025-01-01' + i * interval '1 minute'
         FROM generate_series(1, ?) AS i`,
      [table, ROWS],
    );
    await fixture.db.raw('ANALYZE ??', [table]);
  });
  afterAll(() => fixture.close());

  const query = (q: Partial<ProductListQuery>): ProductListQuery => ({
    sort: 'name',
    limit: 20,
    ...q,
  });

  async function planOf(listing: ProductListQuery): Promise<PlanNode[]> {
    const { sql, bindings } = productListQuery(fixture.db, listing).toSQL();
    const { rows } = (await fixture.db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, [
      ...bindings,
    ] as Knex.RawBinding[])) as { rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[] };
    return flatten(rows[0]['QUERY PLAN'][0].Plan);
  }

  const onProducts = (nodes: PlanNode[]) =>
    nodes.filter(
      (node) => node['Relation Name'] === table || node['Index Name']?.startsWith(table),
    );

  it('holds the rows it explains', async () => {
    const [{ count }] = (await fixture.db('catalog_products').count('* as count')) as {
      count: string;
    }[];
    expect(Number(count)).toBe(ROWS);
  });

  const listings: [string, Partial<ProductListQuery>][] = [
    ['a common word, by name', { q: 'kettle' }],
    ['a common word, by price', { q: 'kettle', sort: 'price' }],
    ['a rare word, newest first', { q: 'word417', sort: 'newest' }],
    ['a rare word, most expensive first', { q: 'word417', sort: '-price' }],
    ['two words in stock', { q: 'lamp boxes', inStock: true }],
    ['a category by name', { category: 'Category 7' }],
    [
      'a category, price range and stock, by price',
      {
        category: 'Category 7',
        minPriceCents: 1000,
        maxPriceCents: 5000,
        inStock: true,
        sort: 'price',
      },
    ],
    [
      'a narrow price range, newest first',
      { minPriceCents: 500, maxPriceCents: 600, sort: 'newest' },
    ],
    ['sold out products, by name', { inStock: false }],
    [
      'everything, a deep page by name',
      { after: { value: 'product 77', productId: '00000000-0000-0000-0000-000000000000' } },
    ],
    [
      'everything, a deep page newest first',
      {
        sort: 'newest',
        after: {
          value: '2025-02-01T00:00:00.000Z',
          productId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
        },
      },
    ],
    [
      'in stock, a deep page by price descending',
      {
        sort: '-price',
        inStock: true,
        after: { value: 50_000, productId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
      },
    ],
  ];

  it.each(listings)('%s: reads indexes, never a sequential scan', async (_name, listing) => {
    const nodes = onProducts(await planOf(query(listing)));
    expect(nodes.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(nodes.some((node) => /Index/.test(node['Node Type']))).toBe(true);
  });

  it('finds a rare word through the full-text index', async () => {
    const nodes = onProducts(await planOf(query({ q: 'word417' })));
    expect(nodes.map((node) => node['Index Name'])).toContain(`${table}_search_idx`);
  });

  it('reads a category page along the category index', async () => {
    const nodes = onProducts(await planOf(query({ category: 'Category 7' })));
    expect(nodes.map((node) => node['Index Name'])).toContain(
      `${table}_category_name_key_product_id_idx`,
    );
  });
});

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
