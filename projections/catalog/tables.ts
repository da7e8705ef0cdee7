import { type Knex } from 'knex';
import { type TableDefinition } from '../runtime/projection';

/**
 * The text-search configuration of the catalog, for the stored vector and for every query (they
 * must agree). 'english' rather than 'simple': shoppers type "mugs" for a product named "Blue
 * mug" and "heated" for "heating", which only stemming matches; the price is that English stop
 * words ("the", "with") match nothing, which no one searches for on their own.
 */
export const SEARCH_CONFIG = 'english';

/**
 * One row per product, with its sellable stock folded in, so a listing filters and sorts on one
 * table. Generated columns keep derived values out of `apply`:
 * - `name_key`, lower-cased name: the name sort is case-insensitive whatever the database's
 *   collation (the embedded and test databases use "C", where "Zebra" sorts before "apple");
 * - `search`, the full-text vector over name (weight A) and description (weight B).
 * `apply` never writes them (see `ProductRow`).
 *
 * Every sort has a btree index ending in `product_id`, the keyset tie-breaker, so a page is an
 * index range read with LIMIT; `-price` and `newest` read the same indexes backwards. Unnamed:
 * PostgreSQL derives the names from the physical table, so two generations never clash.
 */
const products: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.uuid('product_id').primary();
      t.text('sku').notNullable();
      t.text('name').notNullable();
      t.text('description').notNullable();
      t.text('category').notNullable();
      t.integer('price_cents').notNullable();
      // on hand - reserved, from the inventory events; 0 until the stock record exists.
      t.integer('available').notNullable();
      t.text('status').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
    await knex.raw(
      `ALTER TABLE ?? ADD COLUMN name_key text GENERATED ALWAYS AS (lower(name)) STORED`,
      [table],
    );
    await knex.raw(
      `ALTER TABLE ?? ADD COLUMN search tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('${SEARCH_CONFIG}', name), 'A') ||
         setweight(to_tsvector('${SEARCH_CONFIG}', description), 'B')) STORED`,
      [table],
    );
  },
  async indexes(index) {
    for (const columns of [
      ['name_key', 'product_id'],
      ['price_cents', 'product_id'],
      ['created_at', 'product_id'],
      // A category page in the default sort is one range read; other sorts bitmap-scan it.
      ['category', 'name_key', 'product_id'],
    ]) {
      await index(`(${columns.map(() => '??').join(', ')})`, columns);
    }
    await index('USING gin (search)');
  },
};

/**
 * Active products per category, for GET /categories. A category is listed while it holds at
 * least one active product: a discontinued product leaves its category's count (the catalog
 * listing does not show it either), and a category that drops to zero disappears.
 */
const categories: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('category').primary();
      t.integer('product_count').notNullable();
    });
  },
};

export const catalogTables = { catalog_products: products, catalog_categories: categories };

export type CatalogTable = keyof typeof catalogTables;

export type ProductStatus = 'active' | 'discontinued';

/** A `catalog_products` row as `apply` writes it: no generated columns, times as ISO strings. */
export type ProductRow = {
  product_id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price_cents: number;
  available: number;
  status: ProductStatus;
  created_at: string;
  updated_at: string;
};
