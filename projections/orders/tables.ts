import { type Knex } from 'knex';
import { type OrderLine, type ShippingAddress } from '../../domain/order';
import { type TableDefinition } from '../runtime/projection';

/**
 * One row per order: what the order-history list and the order page show. `lines` and
 * `shipping_address` are the snapshots OrderPlaced carries, as jsonb (a line is never queried on
 * its own). Ids are text, not uuid: a malformed id in a request then simply finds nothing, and an
 * odd id in an old event cannot stall the projection.
 */
const orders: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('order_id').primary();
      t.text('user_id').notNullable();
      t.text('status').notNullable();
      t.jsonb('lines').notNullable();
      // A total can pass 2^31 cents (50 lines x 100 x the maximum price); read back as a string.
      t.bigInteger('total_cents').notNullable();
      t.integer('item_count').notNullable();
      t.jsonb('shipping_address').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
  },
  async indexes(index) {
    // One index per list query, each ending in the keyset (created_at, order_id) in the list's
    // order, so a page is an index range read with LIMIT and never a sort of every match.
    // Unnamed: PostgreSQL derives the names from the physical table, so generations never clash.
    for (const leading of [[], ['user_id'], ['status'], ['user_id', 'status']]) {
      const columns = [...leading.map(() => '??'), '?? DESC', '?? DESC'].join(', ');
      await index(`(${columns})`, [...leading, 'created_at', 'order_id']);
    }
  },
};

/**
 * The status timeline: one row per status change, keyed by the event's revision in the order's
 * stream, so the key is the same whether the events were applied one batch at a time or all at
 * once (a serial id would not be).
 */
const history: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('order_id').notNullable();
      t.bigInteger('seq').notNullable();
      t.text('status').notNullable();
      t.timestamp('at', { useTz: true }).notNullable();
      t.text('reason');
      t.primary(['order_id', 'seq']);
    });
  },
};

export const ordersTables = { orders_orders: orders, orders_history: history };

export type OrdersTable = keyof typeof ordersTables;

/** A row of `orders_orders` as written: json columns as their values, times as ISO strings. */
export type OrderRow = {
  order_id: string;
  user_id: string;
  status: string;
  lines: readonly OrderLine[];
  total_cents: string | number;
  item_count: number;
  shipping_address: ShippingAddress;
  created_at: string;
  updated_at: string;
};

export type HistoryRow = {
  order_id: string;
  seq: string;
  status: string;
  at: string;
  reason: string | null;
};
