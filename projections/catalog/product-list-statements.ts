import { type Knex } from 'knex';
import { type ProductListQuery } from './queries';

type BuildQuery = (db: Knex, query: ProductListQuery) => Knex.QueryBuilder;

/** Where a compiled statement's bindings come from: a fixed value, or the request's query. */
type Slot = { fixed: unknown } | { from: (query: ProductListQuery) => unknown };

type Statement = { name: string; sql: string; slots: Slot[] };

/**
 * Stand-ins for a query's values while its statement is compiled, found again among the
 * bindings. Strings no client can send (U+0000 is refused at the API) and numbers outside every
 * rule's range, so none can be mistaken for a fixed binding such as `'active'` or `0`.
 */
const STAND_IN = {
  q: '\u0000q',
  category: '\u0000category',
  minPriceCents: -1_000_001,
  maxPriceCents: -1_000_002,
  afterValue: '\u0000after',
  afterProductId: '\u0000after-id',
  limit: 1_000_003,
} as const;

/** Each stand-in's binding, and how the request's query gives the real value in its place. */
const VALUES: readonly [binding: unknown, from: (query: ProductListQuery) => unknown][] = [
  [STAND_IN.q, (query) => query.q],
  [STAND_IN.category, (query) => query.category],
  [STAND_IN.minPriceCents, (query) => query.minPriceCents],
  [STAND_IN.maxPriceCents, (query) => query.maxPriceCents],
  [STAND_IN.afterValue, (query) => query.after?.value],
  [STAND_IN.afterProductId, (query) => query.after?.productId],
  // keysetPage's extra row: productListQuery asks for one more than the page.
  [STAND_IN.limit + 1, (query) => query.limit + 1],
];

/**
 * The catalog search as a prepared statement per query shape. knex built and compiled the
 * SELECT on every request (about 10 µs of the API's CPU), and PostgreSQL parsed and planned it
 * each time. The SQL depends only on the shape (the sort, which filters are present, and
 * `inStock`, which picks the operator), at most 384 of them; each is compiled once by the same
 * `productListQuery` with stand-in values, and sent by name with the request's values, so each
 * connection parses it once. PGlite ignores the name and runs the same SQL.
 */
export class ProductListStatements {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly build: BuildQuery) {}

  /** The statement and values sent for `query`: what `build` would send, by name. */
  prepare(db: Knex, query: ProductListQuery): Knex.Raw {
    const { name, sql, slots } = this.statementFor(db, query);
    const values = slots.map((slot) => ('fixed' in slot ? slot.fixed : slot.from(query)));
    return db.raw(sql, values as Knex.RawBinding[]).options({ name });
  }

  async rows<Row>(db: Knex, query: ProductListQuery): Promise<Row[]> {
    const result = (await this.prepare(db, query)) as { rows: Row[] };
    return result.rows;
  }

  private statementFor(db: Knex, query: ProductListQuery): Statement {
    const shape = shapeOf(query);
    let statement = this.statements.get(shape);
    if (!statement) {
      statement = this.compile(db, shape, query);
      this.statements.set(shape, statement);
    }
    return statement;
  }

  private compile(db: Knex, shape: string, query: ProductListQuery): Statement {
    const standIns: ProductListQuery = {
      sort: query.sort,
      inStock: query.inStock,
      limit: STAND_IN.limit,
      q: query.q === undefined ? undefined : STAND_IN.q,
      category: query.category === undefined ? undefined : STAND_IN.category,
      minPriceCents: query.minPriceCents === undefined ? undefined : STAND_IN.minPriceCents,
      maxPriceCents: query.maxPriceCents === undefined ? undefined : STAND_IN.maxPriceCents,
      after: query.after && { value: STAND_IN.afterValue, productId: STAND_IN.afterProductId },
    };
    const { sql, bindings } = this.build(db, standIns).toSQL();
    const slots = bindings.map((binding): Slot => {
      const from = VALUES.find(([standIn]) => standIn === binding)?.[1];
      return from ? { from } : { fixed: binding };
    });
    return { name: `catalog_products ${shape}`, sql, slots };
  }
}

/** Everything that changes the SQL text, and nothing that only changes a value. */
function shapeOf(query: ProductListQuery): string {
  const present = (value: unknown): string => (value === undefined ? '-' : '+');
  return [
    query.sort,
    present(query.q),
    present(query.category),
    present(query.minPriceCents),
    present(query.maxPriceCents),
    String(query.inStock),
    present(query.after),
  ].join(' ');
}
