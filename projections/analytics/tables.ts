import { type Knex } from 'knex';
import { type TableDefinition } from '../runtime/projection';
import { HOURLY_COUNTERS, PRODUCT_COUNTERS } from './contributions';

/**
 * Hourly buckets (UTC hour start) of order activity by status, revenue, units and new users. Each
 * column is a sum of per-event contributions (contributions.ts), added with
 * `INSERT ... ON CONFLICT DO UPDATE SET c = c + excluded.c`, so a bucket is the same whatever
 * order or batches its events arrived in, and a window can be recomputed by the backfill.
 * Money and units are bigint (read back as strings); counts of orders in one hour fit integer.
 */
const hourly: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.timestamp('bucket', { useTz: true }).primary();
      for (const column of HOURLY_COUNTERS) {
        if (column === 'revenue_cents' || column === 'units_sold') {
          t.bigInteger(column).notNullable().defaultTo(0);
        } else {
          t.integer(column).notNullable().defaultTo(0);
        }
      }
    });
  },
};

/** Units and revenue per product and hour; the primary key leads with the bucket for ranges. */
const productHourly: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.timestamp('bucket', { useTz: true }).notNullable();
      t.text('product_id').notNullable();
      for (const column of PRODUCT_COUNTERS) t.bigInteger(column).notNullable().defaultTo(0);
      t.primary(['bucket', 'product_id']);
    });
  },
};

/** The current name of each product, for the top-products answer (not bucketed). */
const products: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('product_id').primary();
      t.text('name').notNullable();
    });
  },
};

export const analyticsTables = {
  analytics_hourly: hourly,
  analytics_product_hourly: productHourly,
  analytics_products: products,
};

export type AnalyticsTable = keyof typeof analyticsTables;
