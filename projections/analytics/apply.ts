import { type Knex } from 'knex';
import { type ApplyContext, type ProjectedEvent } from '../runtime/projection';
import { addCounters } from '../runtime/row-batch';
import { type AnalyticsTable } from './tables';
import {
  AnalyticsSums,
  HOURLY_COUNTERS,
  PRODUCT_COUNTERS,
  type ProductNameRow,
} from './contributions';

/**
 * Folds the batch into per-bucket sums in memory, then adds them with one upsert per table
 * (addCounters): a batch of 5,000 events touching a few hours costs a few statements.
 */
export async function applyAnalyticsEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<AnalyticsTable>,
): Promise<void> {
  const sums = new AnalyticsSums();
  for (const { event } of events) sums.add(event);
  await writeSums(context.db, sums, {
    hourly: context.table('analytics_hourly'),
    productHourly: context.table('analytics_product_hourly'),
    products: context.table('analytics_products'),
  });
}

export type PhysicalTables = Readonly<{ hourly: string; productHourly: string; products: string }>;

/** Adds the sums to the bucket rows and sets the names; shared by the live path and backfill. */
export async function writeSums(
  db: Knex.Transaction,
  sums: AnalyticsSums,
  tables: PhysicalTables,
): Promise<void> {
  await addCounters(db, tables.hourly, ['bucket'], HOURLY_COUNTERS, sums.hourlyRows());
  await addCounters(
    db,
    tables.productHourly,
    ['bucket', 'product_id'],
    PRODUCT_COUNTERS,
    sums.productRows(),
  );
  await upsertNames(db, tables.products, sums.nameRows());
}

/** Two parameters a row: chunks stay far below PostgreSQL's limit per statement. */
async function upsertNames(
  db: Knex.Transaction,
  table: string,
  rows: readonly ProductNameRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 10_000) {
    await db(table)
      .insert(rows.slice(start, start + 10_000))
      .onConflict('product_id')
      .merge(['name']);
  }
}
