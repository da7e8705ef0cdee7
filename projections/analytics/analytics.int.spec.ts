import { type DomainEvent } from '../../domain/event-schemas';
import { type OrderCommand, orderDecider, streamName as orderStream } from '../../domain/order';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import { type Command, type Decider, type Event } from '../../domain/shared/decider';
import { type UserCommand, userDecider, streamName as userStream } from '../../domain/user';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { analyticsProjection } from './index';
import { analyticsSales, analyticsSummary, analyticsTopProducts } from './queries';
import { analyticsWindow } from './window';

/**
 * One day of a small shop, with every figure below worked out by hand (times UTC, 2025-04-01):
 *
 * | order | lines            | total | life                                                   |
 * | A     | p-1 x2, p-2 x1   | 3048  | placed 10:10, confirmed, paid 10:30, shipped 12:00, delivered 04-02 09:00 |
 * | B     | p-1 x1           | 1299  | placed 10:20, confirmed, paid 11:10, cancelled 13:05 (refund) |
 * | C     | p-2 x3           | 1350  | placed 10:40, rejected 10:41                           |
 * | D     | p-2 x2           |  900  | placed 11:00, confirmed 11:01, expired 11:20           |
 * | E     | p-1 x1           | 1299  | placed 11:30, confirmed 11:31, cancelled 11:45 (unpaid) |
 * | F     | p-2 x4           | 1800  | placed 11:50, confirmed 11:51, paid 11:55              |
 * | G     | p-2 x1           |  450  | placed 11:02, confirmed, paid 11:04, cancelled 11:40 (refund) |
 *
 * Users sign up at 09:50 and 10:05; p-1 "Mug" is renamed "Blue mug" at 09:00.
 */
const day = '2025-04-01';
const t = (time: string): string => `${day}T${time}:00.000Z`;

let fixture: ProjectionFixture;

beforeAll(async () => {
  fixture = await createProjectionFixture([analyticsProjection]);
  await run(userDecider, userStream('u-1'), [register('u-1', t('09:50'))]);
  await run(userDecider, userStream('u-2'), [register('u-2', t('10:05'))]);
  await run(productDecider, productStream('p-1'), [
    createProduct('p-1', 'Mug', 1299),
    { type: 'UpdateProductDetails', data: { productId: 'p-1', name: 'Blue mug', now: t('09:00') } },
  ]);
  await run(productDecider, productStream('p-2'), [createProduct('p-2', 'Tea', 450)]);
  await order(
    'A',
    'u-1',
    [
      ['p-1', 2],
      ['p-2', 1],
    ],
    '10:10',
    [confirm('10:11'), pay('10:30'), ship('12:00'), deliver('2025-04-02T09:00:00.000Z')],
  );
  await order('B', 'u-2', [['p-1', 1]], '10:20', [confirm('10:21'), pay('11:10'), cancel('13:05')]);
  await order('C', 'u-1', [['p-2', 3]], '10:40', [reject('10:41')]);
  await order('D', 'u-2', [['p-2', 2]], '11:00', [confirm('11:01'), expire('11:20')]);
  await order('E', 'u-1', [['p-1', 1]], '11:30', [confirm('11:31'), cancel('11:45')]);
  await order('F', 'u-2', [['p-2', 4]], '11:50', [confirm('11:51'), pay('11:55')]);
  await order('G', 'u-1', [['p-2', 1]], '11:02', [confirm('11:03'), pay('11:04'), cancel('11:40')]);
  // One event a batch: every bucket is built up across many upserts.
  await fixture.catchUp({ batchSize: 1 });
});

afterAll(() => fixture.close());

const window = (from: string, to: string) => analyticsWindow({ from, to }, new Date());

describe('analytics read model', () => {
  it('sums a day: revenue and units net of refunds, the average over orders that stayed paid', async () => {
    expect(await analyticsSummary(fixture.db, window(day, '2025-04-02'))).toEqual({
      ordersPlaced: 7,
      ordersConfirmed: 6,
      ordersRejected: 1,
      ordersPaid: 4,
      ordersShipped: 1,
      ordersDelivered: 0,
      ordersCancelled: 3,
      ordersExpired: 1,
      revenueCents: 3048 + 1299 + 1800 + 450 - 1299 - 450,
      unitsSold: 3 + 1 + 4 + 1 - 1 - 1,
      averageOrderValueCents: 4848 / 2,
      newUsers: 2,
    });
    const twoDays = await analyticsSummary(fixture.db, window(day, '2025-04-03'));
    expect(twoDays.ordersDelivered).toBe(1);
  });

  it('counts a payment when it is made and takes it back when it is refunded', async () => {
    // 11:00-12:00: F and G paid (1800 + 450), G refunded (-450): 1800 + 1299 (B paid) = 3099
    // over 3 payments less 1 refund: 1549.5, rounded half away from zero.
    const eleven = await analyticsSummary(fixture.db, window(t('11:00'), t('12:00')));
    expect(eleven).toMatchObject({ ordersPaid: 3, revenueCents: 3099, unitsSold: 5 });
    expect(eleven.averageOrderValueCents).toBe(1550);
    // 13:00-14:00 holds only B's refund: negative revenue, no order stayed paid.
    expect(await analyticsSummary(fixture.db, window(t('13:00'), t('14:00')))).toMatchObject({
      ordersCancelled: 1,
      revenueCents: -1299,
      unitsSold: -1,
      averageOrderValueCents: 0,
    });
  });

  it('widens a window to whole hours', async () => {
    const summary = await analyticsSummary(fixture.db, window(t('10:59'), t('11:01')));
    expect(summary.ordersPlaced).toBe(3 + 4);
  });

  it('answers an empty window with zeros', async () => {
    expect(await analyticsSummary(fixture.db, window('2024-01-01', '2024-01-02'))).toMatchObject({
      ordersPlaced: 0,
      revenueCents: 0,
      averageOrderValueCents: 0,
    });
  });

  it('lists sales per hour and per UTC day, empty buckets as zeros', async () => {
    expect(await analyticsSales(fixture.db, window(t('10:00'), t('14:00')), 'hour')).toEqual([
      { bucket: t('10:00'), orders: 1, revenueCents: 3048, unitsSold: 3 },
      { bucket: t('11:00'), orders: 2, revenueCents: 3099, unitsSold: 5 },
      { bucket: t('12:00'), orders: 0, revenueCents: 0, unitsSold: 0 },
      { bucket: t('13:00'), orders: -1, revenueCents: -1299, unitsSold: -1 },
    ]);
    const days = analyticsWindow({ from: day, to: '2025-04-03' }, new Date(), 'day');
    expect(await analyticsSales(fixture.db, days, 'day')).toEqual([
      { bucket: t('00:00'), orders: 2, revenueCents: 4848, unitsSold: 7 },
      { bucket: '2025-04-02T00:00:00.000Z', orders: 0, revenueCents: 0, unitsSold: 0 },
    ]);
  });

  it('ranks products by net units, then revenue, with their current names', async () => {
    expect(await analyticsTopProducts(fixture.db, window(day, '2025-04-02'), 10)).toEqual([
      { productId: 'p-2', name: 'Tea', unitsSold: 5, revenueCents: 2250 },
      { productId: 'p-1', name: 'Blue mug', unitsSold: 2, revenueCents: 2598 },
    ]);
    expect(await analyticsTopProducts(fixture.db, window(day, '2025-04-02'), 1)).toHaveLength(1);
    // Only a refund in that hour: nothing sold.
    expect(await analyticsTopProducts(fixture.db, window(t('13:00'), t('14:00')), 10)).toEqual([]);
  });

  it('rebuilds into exactly the tables the live run built one event at a time', async () => {
    const live = await fixture.checksums(analyticsProjection);
    await fixture.rebuild();
    expect(await fixture.checksums(analyticsProjection)).toEqual(live);
  });
});

async function run<S, C extends Command, E extends Event>(
  decider: Decider<S, C, E>,
  stream: string,
  commands: readonly C[],
): Promise<void> {
  let state = decider.initialState();
  for (const command of commands) {
    const events = decider.decide(command, state);
    state = events.reduce(decider.evolve, state);
    const at = (command.data as { now: string }).now;
    await fixture.append(stream, events as unknown as DomainEvent[], { at });
  }
}

const prices: Record<string, number> = { 'p-1': 1299, 'p-2': 450 };

type Step = (orderId: string, customerId: string) => OrderCommand;

async function order(
  id: string,
  customerId: string,
  lines: Array<[string, number]>,
  placedAt: string,
  steps: Step[],
): Promise<void> {
  const orderId = `order-${id}`;
  const placed: OrderCommand = {
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId,
      lines: lines.map(([productId, quantity]) => ({
        productId,
        productStatus: 'active' as const,
        sku: productId.toUpperCase(),
        name: productId,
        unitPriceCents: prices[productId],
        quantity,
      })),
      shippingAddress: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      now: t(placedAt),
    },
  };
  await run(orderDecider, orderStream(orderId), [
    placed,
    ...steps.map((step) => step(orderId, customerId)),
  ]);
}

const confirm =
  (time: string): Step =>
  (orderId) => ({
    type: 'ConfirmOrder',
    data: {
      orderId,
      reservationTtlSeconds: 15 * 60,
      now: t(time),
    },
  });
const reject =
  (time: string): Step =>
  (orderId) => ({
    type: 'RejectOrder',
    data: { orderId, reason: 'out of stock', now: t(time) },
  });
const pay =
  (time: string): Step =>
  (orderId, customerId) => ({
    type: 'PayOrder',
    data: {
      orderId,
      paymentReference: `pay-${orderId}`,
      actor: { userId: customerId, isAdmin: false },
      now: t(time),
    },
  });
const cancel =
  (time: string): Step =>
  (orderId, customerId) => ({
    type: 'CancelOrder',
    data: { orderId, actor: { userId: customerId, isAdmin: false }, now: t(time) },
  });
const expire =
  (time: string): Step =>
  (orderId) => ({ type: 'ExpireOrder', data: { orderId, now: t(time) } });
const ship =
  (time: string): Step =>
  (orderId) => ({ type: 'ShipOrder', data: { orderId, now: t(time) } });
const deliver =
  (at: string): Step =>
  (orderId) => ({ type: 'DeliverOrder', data: { orderId, now: at } });

function register(userId: string, now: string): UserCommand {
  return {
    type: 'RegisterUser',
    data: {
      userId,
      email: `${userId}@example.com`,
      name: userId,
      password: 'secret-123',
      passwordHash: 'hash',
      roles: ['customer'],
      now,
    },
  };
}

function createProduct(productId: string, name: string, priceCents: number): ProductCommand {
  return {
    type: 'CreateProduct',
    data: {
      productId,
      sku: productId.toUpperCase(),
      name,
      category: 'kitchen',
      priceCents,
      now: t('08:00'),
    },
  };
}
