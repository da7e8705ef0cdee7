import { type Apis, expectStatus } from '../saga/shop-client.testing';
import { CATALOG, type StoryProducts } from './story-catalog.testing';

/** Fixed bounds: with the default window (ending now) the answers would change with the clock. */
export type AnalyticsBounds = Readonly<{ from: string; to: string }>;

const DAY_MS = 86_400_000;

/** From the day before to the day after today (UTC): the story may run across midnight. */
export function storyBounds(now = Date.now()): AnalyticsBounds {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(today - DAY_MS), to: day(today + 2 * DAY_MS) };
}

export function windowQuery(bounds: AnalyticsBounds): string {
  return `from=${bounds.from}&to=${bounds.to}`;
}

export async function summaryOf(apis: Apis, admin: string, bounds: AnalyticsBounds) {
  const path = `/analytics/summary?${windowQuery(bounds)}`;
  return expectStatus(await apis.read('GET', path, { token: admin }), 200).body;
}

/**
 * What the story's orders add up to: five placed; four got their stock (all but the rejected
 * one); Ann's delivered order (2 mugs, 1 trowel) and Bob's shipped one (2 teapots) paid; one
 * cancelled, one expired. Revenue counts the two payments; newUsers the two customers.
 */
export async function expectStoryAnalytics(
  apis: Apis,
  admin: string,
  bounds: AnalyticsBounds,
  products: StoryProducts,
  newUsersBefore: number,
): Promise<void> {
  const { mug, teapot, trowel } = products;
  const line = (product: keyof typeof CATALOG, quantity: number) =>
    quantity * CATALOG[product].priceCents;
  const revenueCents = line('mug', 2) + line('trowel', 1) + line('teapot', 2);
  expect(await summaryOf(apis, admin, bounds)).toEqual({
    ordersPlaced: 5,
    ordersConfirmed: 4,
    ordersRejected: 1,
    ordersPaid: 2,
    ordersShipped: 2,
    ordersDelivered: 1,
    ordersCancelled: 1,
    ordersExpired: 1,
    revenueCents,
    unitsSold: 5,
    averageOrderValueCents: revenueCents / 2,
    newUsers: newUsersBefore + 2,
  });

  const window = windowQuery(bounds);
  const sales = expectStatus(
    await apis.read('GET', `/analytics/sales?${window}&granularity=day`, { token: admin }),
    200,
  ).body as { orders: number; revenueCents: number; unitsSold: number }[];
  const total = (key: 'orders' | 'revenueCents' | 'unitsSold') =>
    sales.reduce((sum, bucket) => sum + bucket[key], 0);
  expect({
    orders: total('orders'),
    revenueCents: total('revenueCents'),
    unitsSold: total('unitsSold'),
  }).toEqual({ orders: 2, revenueCents, unitsSold: 5 });

  const top = expectStatus(
    await apis.read('GET', `/analytics/top-products?${window}`, { token: admin }),
    200,
  ).body;
  // Most units first, then most revenue: the teapots' 2 outsell the mugs' 2 by revenue.
  expect(top).toEqual([
    {
      productId: teapot.productId,
      name: teapot.name,
      unitsSold: 2,
      revenueCents: line('teapot', 2),
    },
    { productId: mug.productId, name: mug.name, unitsSold: 2, revenueCents: line('mug', 2) },
    {
      productId: trowel.productId,
      name: trowel.name,
      unitsSold: 1,
      revenueCents: line('trowel', 1),
    },
  ]);
}
