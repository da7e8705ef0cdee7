import { type Knex } from 'knex';
import { type TableDefinition } from '../runtime/projection';

/**
 * One row per product with a stock record: its levels and low-stock threshold, for the admin's
 * GET /inventory and GET /inventory/{productId}. `low_stock` is stored (computed by the domain's
 * `isLow`, see apply.ts) so the filter is a plain column and the rule lives in one place.
 *
 * Both indexes serve the list's order (sku, product_id): the partial one reads only the low
 * rows for `lowStock=true`. Unnamed: PostgreSQL derives the names from the physical table, so
 * two generations never clash.
 */
const items: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.uuid('product_id').primary();
      t.text('sku').notNullable();
      t.integer('on_hand').notNullable();
      t.integer('reserved').notNullable();
      t.integer('available').notNullable();
      t.integer('low_stock_threshold').notNullable();
      t.boolean('low_stock').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
  },
  async indexes(index) {
    await index('(sku, product_id)');
    await index('(sku, product_id) WHERE low_stock');
  },
};

export const inventoryTables = { inventory_items: items };

export type InventoryTable = keyof typeof inventoryTables;

/** An `inventory_items` row as `apply` writes it: times as ISO strings. */
export type InventoryRow = {
  product_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  low_stock_threshold: number;
  low_stock: boolean;
  updated_at: string;
};
