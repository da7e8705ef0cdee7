import fc from 'fast-check';
import { type DomainEvent } from '../../domain/event-schemas';
import { type OrderLine } from '../../domain/order';
import { AnalyticsSums, contributionOf, hourOf } from './contributions';
import { shopWorkload } from './workload.testing';

const lines: OrderLine[] = [
  {
    productId: 'p-1',
    sku: 'A',
    name: 'Mug',
    unitPriceCents: 1299,
    quantity: 2,
    lineTotalCents: 2598,
  },
  {
    productId: 'p-2',
    sku: 'B',
    name: 'Tea',
    unitPriceCents: 450,
    quantity: 1,
    lineTotalCents: 450,
  },
];
const paid: DomainEvent = {
  type: 'OrderPaid',
  data: {
    orderId: 'o-1',
    customerId: 'u-1',
    paymentReference: 'r',
    lines,
    totalCents: 3048,
    paidAt: '2025-05-01T10:59:59.999Z',
  },
};
const cancelled = (previousStatus: 'confirmed' | 'paid'): DomainEvent => ({
  type: 'OrderCancelled',
  data: {
    orderId: 'o-1',
    customerId: 'u-1',
    previousStatus,
    cancelledBy: 'admin',
    lines,
    totalCents: 3048,
    cancelledAt: '2025-05-01T11:00:00.000Z',
  },
});

describe('analytics contributions', () => {
  it('count a payment with its revenue and units in the hour of payment', () => {
    expect(contributionOf(paid)).toEqual({
      bucket: Date.parse('2025-05-01T10:00:00.000Z'),
      hourly: { orders_paid: 1, revenue_cents: 3048, units_sold: 3 },
      products: [
        { productId: 'p-1', unitsSold: 2, revenueCents: 2598 },
        { productId: 'p-2', unitsSold: 1, revenueCents: 450 },
      ],
    });
  });

  it('take revenue and units back when a paid order is cancelled, at the cancellation', () => {
    expect(contributionOf(cancelled('paid'))).toEqual({
      bucket: Date.parse('2025-05-01T11:00:00.000Z'),
      hourly: {
        orders_cancelled: 1,
        orders_cancelled_after_payment: 1,
        revenue_cents: -3048,
        units_sold: -3,
      },
      products: [
        { productId: 'p-1', unitsSold: -2, revenueCents: -2598 },
        { productId: 'p-2', unitsSold: -1, revenueCents: -450 },
      ],
    });
  });

  it('only count a cancellation before payment', () => {
    expect(contributionOf(cancelled('confirmed'))).toEqual({
      bucket: Date.parse('2025-05-01T11:00:00.000Z'),
      hourly: { orders_cancelled: 1 },
      products: [],
    });
  });

  it('ignore events analytics does not count', () => {
    const renamed: DomainEvent = {
      type: 'ProductDetailsUpdated',
      data: { productId: 'p-1', name: 'Cup', updatedAt: '2025-05-01T10:00:00.000Z' },
    };
    expect(contributionOf(renamed)).toBeUndefined();
  });

  it('bucket by the UTC hour, whatever offset the time was written with', () => {
    expect(hourOf('2025-05-01T12:30:00+02:00')).toBe(Date.parse('2025-05-01T10:00:00Z'));
    expect(() => hourOf('not a time')).toThrow('not a time');
  });

  it('keep a row for a key whose sums net to zero, and the window it was asked for', () => {
    const sums = new AnalyticsSums();
    const sameHour = {
      ...cancelled('paid'),
      data: { ...cancelled('paid').data, cancelledAt: '2025-05-01T10:59:59.999Z' },
    } as DomainEvent;
    expect(sums.add(paid)).toBe(true);
    expect(sums.add(sameHour)).toBe(true);
    expect(sums.productRows()).toEqual([
      { bucket: '2025-05-01T10:00:00.000Z', product_id: 'p-1', units_sold: 0, revenue_cents: 0 },
      { bucket: '2025-05-01T10:00:00.000Z', product_id: 'p-2', units_sold: 0, revenue_cents: 0 },
    ]);
    expect(sums.add(cancelled('paid'), (bucket) => bucket < Date.parse('2025-05-01T11:00Z'))).toBe(
      false,
    );
    expect(sums.hourlyRows()).toHaveLength(1);
  });

  it('sum to the same rows in any order of the events', () => {
    const events = shopWorkload({ orders: 60, users: 10, products: 6 }).flatMap((a) => a.events);
    const rows = (order: readonly DomainEvent[]) => {
      const sums = new AnalyticsSums();
      for (const event of order) sums.add(event);
      const sorted = <T>(items: T[]) => items.map((r) => JSON.stringify(r)).sort();
      return { hourly: sorted(sums.hourlyRows()), products: sorted(sums.productRows()) };
    };
    const expected = rows(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(rows(shuffled)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
