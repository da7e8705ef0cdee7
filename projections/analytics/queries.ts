import { type Knex } from 'knex';
import { type AnalyticsWindow, type Granularity, bucketsOf } from './window';

export type AnalyticsSummary = {
  ordersPlaced: number;
  ordersConfirmed: number;
  ordersRejected: number;
  /** Payments in the window (before cancellations). */
  ordersPaid: number;
  ordersShipped: number;
  ordersDelivered: number;
  /** Every cancellation, before or after payment. */
  ordersCancelled: number;
  ordersExpired: number;
  /** Net: payments minus cancellations after payment, each at its own time. */
  revenueCents: number;
  unitsSold: number;
  /** revenueCents / (ordersPaid - orders cancelled after payment), rounded half away from zero; 0 without such orders. */
  averageOrderValueCents: number;
  newUsers: number;
};

export type SalesRow = { bucket: string; orders: number; revenueCents: number; unitsSold: number };

export type TopProduct = {
  productId: string;
  /** The product's current name; null if the catalog never named it to this model. */
  name: string | null;
  unitsSold: number;
  revenueCents: number;
};

type Sums = Record<string, string | number | null>;

const SUMMARY_SUMS = {
  ordersPlaced: 'orders_placed',
  ordersConfirmed: 'orders_confirmed',
  ordersRejected: 'orders_rejected',
  ordersPaid: 'orders_paid',
  ordersShipped: 'orders_shipped',
  ordersDelivered: 'orders_delivered',
  ordersCancelled: 'orders_cancelled',
  ordersCancelledAfterPayment: 'orders_cancelled_after_payment',
  ordersExpired: 'orders_expired',
  revenueCents: 'revenue_cents',
  unitsSold: 'units_sold',
  newUsers: 'new_users',
} as const;

/** Sums over the window's hourly buckets: a range read of the primary key. */
export async function analyticsSummary(
  db: Knex,
  window: AnalyticsWindow,
): Promise<AnalyticsSummary> {
  const query = inWindow(db('analytics_hourly'), window);
  for (const [alias, column] of Object.entries(SUMMARY_SUMS)) {
    query.select(db.raw('coalesce(sum(??), 0) AS ??', [column, alias]));
  }
  const sums = (await query.first()) as Sums;
  const n = (alias: keyof typeof SUMMARY_SUMS): number => Number(sums[alias]);
  const netPaid = BigInt(sums.ordersPaid ?? 0) - BigInt(sums.ordersCancelledAfterPayment ?? 0);
  return {
    ordersPlaced: n('ordersPlaced'),
    ordersConfirmed: n('ordersConfirmed'),
    ordersRejected: n('ordersRejected'),
    ordersPaid: n('ordersPaid'),
    ordersShipped: n('ordersShipped'),
    ordersDelivered: n('ordersDelivered'),
    ordersCancelled: n('ordersCancelled'),
    ordersExpired: n('ordersExpired'),
    revenueCents: n('revenueCents'),
    unitsSold: n('unitsSold'),
    averageOrderValueCents: averageCents(BigInt(sums.revenueCents ?? 0), netPaid),
    newUsers: n('newUsers'),
  };
}

/**
 * Integer division rounded half away from zero, in bigint so sums beyond 2^53 stay exact; 0 when
 * no order stayed paid (net paid orders of zero or less: a window of mostly refunds).
 */
export function averageCents(totalCents: bigint, orders: bigint): number {
  if (orders <= 0n) return 0;
  const magnitude = totalCents < 0n ? -totalCents : totalCents;
  const rounded = (2n * magnitude + orders) / (2n * orders);
  return Number(totalCents < 0n ? -rounded : rounded);
}

/**
 * One row per bucket of the window, oldest first, empty buckets included as zeros (a chart needs
 * them). `orders` are paid orders net of cancellations after payment, the orders behind
 * `revenueCents` and `unitsSold`, so a bucket holding only a refund can be negative.
 */
export async function analyticsSales(
  db: Knex,
  window: AnalyticsWindow,
  granularity: Granularity,
): Promise<SalesRow[]> {
  // Days are UTC days: the hour buckets of each, summed in SQL.
  const bucket =
    granularity === 'day'
      ? db.raw(`(date_trunc('day', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`)
      : db.raw('bucket');
  const rows = (await inWindow(db('analytics_hourly'), window)
    .select({ bucket })
    .select(
      db.raw('sum(orders_paid - orders_cancelled_after_payment) AS orders'),
      db.raw('sum(revenue_cents) AS revenue_cents'),
      db.raw('sum(units_sold) AS units_sold'),
    )
    .groupByRaw('1')) as Array<{ bucket: Date | string } & Sums>;
  const found = new Map(rows.map((row) => [new Date(row.bucket).getTime(), row]));
  return bucketsOf(window, granularity).map((start) => {
    const row = found.get(start.getTime());
    return {
      bucket: start.toISOString(),
      orders: Number(row?.orders ?? 0),
      revenueCents: Number(row?.revenue_cents ?? 0),
      unitsSold: Number(row?.units_sold ?? 0),
    };
  });
}

/**
 * The best-selling products of the window by net units, then revenue, then id (a stable order
 * for ties). Products whose net units are not positive (every sale refunded) are left out.
 */
export async function analyticsTopProducts(
  db: Knex,
  window: AnalyticsWindow,
  limit: number,
): Promise<TopProduct[]> {
  const rows = (await inWindow(db('analytics_product_hourly as s'), window, 's.bucket')
    .leftJoin('analytics_products as p', 'p.product_id', 's.product_id')
    .select('s.product_id', 'p.name')
    .select(
      db.raw('sum(s.units_sold) AS units_sold'),
      db.raw('sum(s.revenue_cents) AS revenue_cents'),
    )
    .groupBy('s.product_id', 'p.name')
    .havingRaw('sum(s.units_sold) > 0')
    .orderByRaw('sum(s.units_sold) DESC, sum(s.revenue_cents) DESC, s.product_id ASC')
    .limit(limit)) as Array<{ product_id: string; name: string | null } & Sums>;
  return rows.map((row) => ({
    productId: row.product_id,
    name: row.name,
    unitsSold: Number(row.units_sold),
    revenueCents: Number(row.revenue_cents),
  }));
}

function inWindow(
  query: Knex.QueryBuilder,
  window: AnalyticsWindow,
  column = 'bucket',
): Knex.QueryBuilder {
  return query
    .where(column, '>=', window.from.toISOString())
    .where(column, '<', window.to.toISOString());
}
