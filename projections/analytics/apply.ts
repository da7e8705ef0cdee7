import { type Knex } from 'knex';
import { type ApplyContext, type ProjectedEvent } from '../runtime/projection';
import { insertRows } from '../runtime/json-rows';
import { addCounters } from '../runtime/row-batch';
import { type AnalyticsTable } from './tables';
import { AnalyticsSums, HOURLY_COUNTERS, PRODUCT_COUNTERS } from './contributions';

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
  await insertRows(db, tables.products, sums.nameRows(), {
    keys: ['product_id'],
    update: 'replace',
    columns: ['name'],
  });
}
