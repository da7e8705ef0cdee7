import { type DomainEvent } from '../../domain/event-schemas';
import { type OrderLine } from '../../domain/order';

/**
 * What one event adds to the analytics, as a pure function of that event alone: no lookups, no
 * state. Sums of such contributions do not depend on the order or batching of the events, which
 * is what lets the live projection add them batch by batch and the backfill recompute any window
 * from the stored events and get exactly the same rows.
 *
 * Every contribution is bucketed by the time the event's own data gives (`placedAt`, `paidAt`,
 * ...: the domain's time of the fact, the same value as its metadata's occurredAt), floored to the
 * UTC hour. Revenue and units count a payment at `paidAt`; a cancellation after payment subtracts
 * the same amounts at `cancelledAt`, so a window holding both nets to zero.
 */
export const HOURLY_COUNTERS = [
  'orders_placed',
  'orders_confirmed',
  'orders_rejected',
  'orders_paid',
  'orders_cancelled',
  /** Cancelled after payment: their revenue was taken back. Net paid = paid - this. */
  'orders_cancelled_after_payment',
  'orders_expired',
  'orders_shipped',
  'orders_delivered',
  'revenue_cents',
  'units_sold',
  'new_users',
] as const;

export type HourlyCounter = (typeof HOURLY_COUNTERS)[number];

export const PRODUCT_COUNTERS = ['units_sold', 'revenue_cents'] as const;

export const analyticsEventTypes = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderPaid',
  'OrderCancelled',
  'OrderExpired',
  'OrderShipped',
  'OrderDelivered',
  'UserRegistered',
  'ProductCreated',
  'ProductDetailsUpdated',
] as const satisfies readonly DomainEvent['type'][];

export type ProductLineContribution = Readonly<{
  productId: string;
  unitsSold: number;
  revenueCents: number;
}>;

export type Contribution = Readonly<{
  /** The UTC hour the event counts in (ms since the epoch of its start). */
  bucket: number;
  hourly: Readonly<Partial<Record<HourlyCounter, number>>>;
  products: readonly ProductLineContribution[];
}>;

const HOUR_MS = 3_600_000;

/** The bucketed contribution of an event; undefined for events that are not counted. */
export function contributionOf(event: DomainEvent): Contribution | undefined {
  switch (event.type) {
    case 'OrderPlaced':
      return counted(event.data.placedAt, { orders_placed: 1 });
    case 'OrderConfirmed':
      return counted(event.data.confirmedAt, { orders_confirmed: 1 });
    case 'OrderRejected':
      return counted(event.data.rejectedAt, { orders_rejected: 1 });
    case 'OrderPaid':
      return sale(
        event.data.paidAt,
        { orders_paid: 1 },
        event.data.lines,
        event.data.totalCents,
        1,
      );
    case 'OrderCancelled':
      return event.data.previousStatus === 'paid'
        ? sale(
            event.data.cancelledAt,
            { orders_cancelled: 1, orders_cancelled_after_payment: 1 },
            event.data.lines,
            event.data.totalCents,
            -1,
          )
        : counted(event.data.cancelledAt, { orders_cancelled: 1 });
    case 'OrderExpired':
      return counted(event.data.expiredAt, { orders_expired: 1 });
    case 'OrderShipped':
      return counted(event.data.shippedAt, { orders_shipped: 1 });
    case 'OrderDelivered':
      return counted(event.data.deliveredAt, { orders_delivered: 1 });
    case 'UserRegistered':
      return counted(event.data.registeredAt, { new_users: 1 });
    default:
      return undefined;
  }
}

/** A product's name as of this event, for the (unbucketed) names table. */
export function productNameOf(event: DomainEvent): { productId: string; name: string } | undefined {
  if (event.type === 'ProductCreated')
    return { productId: event.data.productId, name: event.data.name };
  if (event.type === 'ProductDetailsUpdated' && event.data.name !== undefined) {
    return { productId: event.data.productId, name: event.data.name };
  }
  return undefined;
}

/** The start of the UTC hour holding `at`, in ms; throws on a time that is not one. */
export function hourOf(at: string | number | Date): number {
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function counted(at: string, hourly: Partial<Record<HourlyCounter, number>>): Contribution {
  return { bucket: hourOf(at), hourly, products: [] };
}

function sale(
  at: string,
  counts: Partial<Record<HourlyCounter, number>>,
  lines: readonly OrderLine[],
  totalCents: number,
  sign: 1 | -1,
): Contribution {
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    bucket: hourOf(at),
    hourly: { ...counts, revenue_cents: sign * totalCents, units_sold: sign * units },
    products: lines.map((line) => ({
      productId: line.productId,
      unitsSold: sign * line.quantity,
      revenueCents: sign * line.lineTotalCents,
    })),
  };
}

export type HourlyRow = { bucket: string } & Record<HourlyCounter, number>;
export type ProductHourlyRow = {
  bucket: string;
  product_id: string;
  units_sold: number;
  revenue_cents: number;
};
export type ProductNameRow = { product_id: string; name: string };

/**
 * Contributions folded in memory, ready to be added to (live) or to replace (backfill) the
 * tables' rows. Every key an event touches gets a row, even when its sums net to zero (a payment
 * and its cancellation in one hour): the live tables have that row too, from the first of them.
 */
export class AnalyticsSums {
  private readonly hourly = new Map<number, Record<HourlyCounter, number>>();
  private readonly products = new Map<string, ProductHourlyRow>();
  private readonly names = new Map<string, string>();

  /**
   * Folds one event in; `inWindow` limits the bucketed part to some buckets (names are kept
   * whatever the window: they are not bucketed). Returns whether the event added to a bucket.
   */
  add(event: DomainEvent, inWindow: (bucket: number) => boolean = () => true): boolean {
    const named = productNameOf(event);
    if (named) this.names.set(named.productId, named.name);
    const contribution = contributionOf(event);
    if (!contribution || !inWindow(contribution.bucket)) return false;
    const { bucket } = contribution;
    let counters = this.hourly.get(bucket);
    if (!counters) {
      counters = Object.fromEntries(HOURLY_COUNTERS.map((c) => [c, 0])) as Record<
        HourlyCounter,
        number
      >;
      this.hourly.set(bucket, counters);
    }
    for (const [column, value] of Object.entries(contribution.hourly)) {
      counters[column as HourlyCounter] += value;
    }
    const at = new Date(bucket).toISOString();
    for (const line of contribution.products) {
      const key = `${at}|${line.productId}`;
      const row = this.products.get(key) ?? {
        bucket: at,
        product_id: line.productId,
        units_sold: 0,
        revenue_cents: 0,
      };
      row.units_sold += line.unitsSold;
      row.revenue_cents += line.revenueCents;
      this.products.set(key, row);
    }
    return true;
  }

  hourlyRows(): HourlyRow[] {
    return [...this.hourly].map(([bucket, counters]) => ({
      bucket: new Date(bucket).toISOString(),
      ...counters,
    }));
  }

  productRows(): ProductHourlyRow[] {
    return [...this.products.values()];
  }

  nameRows(): ProductNameRow[] {
    return [...this.names].map(([product_id, name]) => ({ product_id, name }));
  }
}
