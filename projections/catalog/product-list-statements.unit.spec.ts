import fc from 'fast-check';
import knex from 'knex';
import { ProductListStatements } from './product-list-statements';
import { PRODUCT_SORTS, type ProductListQuery, productListQuery } from './queries';

const db = knex({ client: 'pg' });

/** Every shape, with values of every kind a client can send (stand-in lookalikes included). */
const queries: fc.Arbitrary<ProductListQuery> = fc.record(
  {
    sort: fc.constantFrom(...PRODUCT_SORTS),
    limit: fc.integer({ min: 1, max: 100 }),
    q: fc.oneof(fc.string(), fc.constantFrom('active', '0', 'q')),
    category: fc.string(),
    minPriceCents: fc.integer({ min: 0, max: 10_000_000 }),
    maxPriceCents: fc.integer({ min: 0, max: 10_000_000 }),
    inStock: fc.boolean(),
    after: fc.record({
      value: fc.oneof(fc.string(), fc.integer({ min: 0 }), fc.constant(0)),
      productId: fc.uuid(),
    }),
  },
  { requiredKeys: ['sort', 'limit'] },
);

describe('ProductListStatements', () => {
  it('sends exactly the SQL and values productListQuery builds, for every shape', () => {
    const statements = new ProductListStatements(productListQuery);
    fc.assert(
      fc.property(queries, (query) => {
        const built = productListQuery(db, query).toSQL().toNative();
        const prepared = statements.prepare(db, query).toSQL().toNative();
        expect(prepared.sql).toBe(built.sql);
        expect(prepared.bindings).toEqual(built.bindings);
      }),
      { numRuns: 2_000 },
    );
  });

  it('names one statement per shape: the same SQL by one name, another SQL by another', () => {
    const statements = new ProductListStatements(productListQuery);
    const nameOf = (query: ProductListQuery): unknown =>
      (statements.prepare(db, query).toSQL() as { options?: { name?: string } }).options?.name;
    const search: ProductListQuery = { q: 'mug', sort: 'price', limit: 20 };
    expect(nameOf({ ...search, q: 'blue mug', limit: 5 })).toBe(nameOf(search));
    const others = [
      { ...search, sort: 'name' as const },
      { ...search, q: undefined },
      { ...search, inStock: true },
      { ...search, inStock: false },
      { ...search, category: 'mugs' },
      { ...search, after: { value: 100, productId: 'p' } },
    ];
    expect(new Set([search, ...others].map(nameOf)).size).toBe(others.length + 1);
  });
});
