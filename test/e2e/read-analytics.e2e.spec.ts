import { randomUUID } from 'node:crypto';
import { type DomainEvent } from '../../domain/event-schemas';
import { type OrderCommand, orderDecider, streamName as orderStream } from '../../domain/order';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import { type Command, type Decider } from '../../domain/shared/decider';
import { type UserCommand, userDecider, streamName as userStream } from '../../domain/user';
import { handleCommand } from '../../platform/commands/handle-command';
import { expectProblem } from './accounts.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

/**
 * A morning of a small shop on 2024-02-10 (UTC), written through the command path with the
 * times the commands carry (the saga and the expiry worker come in step 5), and the figures the
 * analytics endpoints must answer, worked out by hand:
 *
 * | order | lines              | total | life                                                       |
 * | 1     | lamp x1, pen x3    | 3097  | placed 09:05, paid 09:20, shipped 10:30, delivered 02-11 12:00 |
 * | 2     | pen x10            | 1990  | placed 09:40, paid 10:05, cancelled 11:10 (a refund)       |
 * | 3     | lamp x2            | 5000  | placed 10:15, paid 10:50                                   |
 * | 4     | lamp x1            | 2500  | placed 10:20, rejected 10:21                               |
 * | 5     | pen x1             |  199  | placed 10:25, confirmed 10:26, expired 10:45               |
 *
 * Two customers sign up at 08:15 and 08:45; the pen is renamed "Gel pen" at 12:00.
 */
const day = '2024-02-10';
const t = (time: string): string => `${day}T${time}:00.000Z`;

describe('analytics read API (GET /analytics/...)', () => {
  let system: SystemUnderTest;
  let adminToken: string;
  let customerToken: string;
  const lamp = { productId: randomUUID(), sku: 'LAMP-1', name: 'Lamp', unitPriceCents: 2500 };
  const pen = { productId: randomUUID(), sku: 'PEN-1', name: 'Pen', unitPriceCents: 199 };
  const customers = [randomUUID(), randomUUID()];

  async function run<S, C extends Command & { data: { now: string } }, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    commands: readonly C[],
  ): Promise<void> {
    for (const command of commands) {
      await handleCommand(system.eventStore, decider, stream, command, {
        correlationId: randomUUID(),
        userId: null,
        now: command.data.now,
      });
    }
  }

  type Step = (orderId: string, customerId: string) => OrderCommand;
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
  const at =
    (type: 'ShipOrder' | 'DeliverOrder' | 'ExpireOrder', now: string): Step =>
    (orderId) =>
      ({ type, data: { orderId, now } }) as OrderCommand;
  const reject =
    (time: string): Step =>
    (orderId) => ({
      type: 'RejectOrder',
      data: { orderId, reason: 'out of stock', now: t(time) },
    });
  const cancel =
    (time: string): Step =>
    (orderId) => ({
      type: 'CancelOrder',
      data: {
        orderId,
        actor: { userId: 'admin', isAdmin: true },
        reason: 'refund',
        now: t(time),
      },
    });

  async function order(
    customerId: string,
    lines: Array<[typeof lamp, number]>,
    placedAt: string,
    steps: Step[],
  ): Promise<void> {
    const orderId = randomUUID();
    const placed: OrderCommand = {
      type: 'PlaceOrder',
      data: {
        orderId,
        customerId,
        lines: lines.map(([product, quantity]) => ({
          ...product,
          productStatus: 'active' as const,
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

  beforeAll(async () => {
    system = await startSystem();
    adminToken = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    customerToken = await accessTokenFor(system.writeApi, {
      userId: customers[0],
      roles: ['customer'],
    });
    for (const [i, userId] of customers.entries()) {
      const register: UserCommand = {
        type: 'RegisterUser',
        data: {
          userId,
          email: `${userId}@example.com`,
          name: `Customer ${i}`,
          password: 'secret-123',
          passwordHash: 'not-a-real-hash',
          roles: ['customer'],
          now: t(i === 0 ? '08:15' : '08:45'),
        },
      };
      await run(userDecider, userStream(userId), [register]);
    }
    for (const product of [lamp, pen]) {
      const create: ProductCommand = {
        type: 'CreateProduct',
        data: {
          ...product,
          category: 'office',
          priceCents: product.unitPriceCents,
          now: t('07:00'),
        },
      };
      await run(productDecider, productStream(product.productId), [create]);
    }
    await run(productDecider, productStream(pen.productId), [
      {
        type: 'UpdateProductDetails',
        data: { productId: pen.productId, name: 'Gel pen', now: t('12:00') },
      },
    ]);
    const [c1, c2] = customers;
    await order(
      c1,
      [
        [lamp, 1],
        [pen, 3],
      ],
      '09:05',
      [
        confirm('09:06'),
        pay('09:20'),
        at('ShipOrder', t('10:30')),
        at('DeliverOrder', '2024-02-11T12:00:00.000Z'),
      ],
    );
    await order(c2, [[pen, 10]], '09:40', [confirm('09:41'), pay('10:05'), cancel('11:10')]);
    await order(c1, [[lamp, 2]], '10:15', [confirm('10:16'), pay('10:50')]);
    await order(c2, [[lamp, 1]], '10:20', [reject('10:21')]);
    await order(c1, [[pen, 1]], '10:25', [confirm('10:26'), at('ExpireOrder', t('10:45'))]);
    await system.settle();
  });
  afterAll(() => system?.close());

  const get = (path: string, token = adminToken) =>
    system.read('GET', `/analytics${path}`, { token });

  describe('GET /analytics/summary', () => {
    it('sums the day: revenue and units net of the refund, the average over orders kept', async () => {
      const response = await get(`/summary?from=${day}&to=2024-02-11`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ordersPlaced: 5,
        ordersConfirmed: 4,
        ordersRejected: 1,
        ordersPaid: 3,
        ordersShipped: 1,
        ordersDelivered: 0,
        ordersCancelled: 1,
        ordersExpired: 1,
        revenueCents: 3097 + 1990 + 5000 - 1990,
        unitsSold: 4 + 10 + 2 - 10,
        // 8097 over the 2 orders that stayed paid: 4048.5, rounded half away from zero.
        averageOrderValueCents: 4049,
        newUsers: 2,
      });
    });

    it('counts the delivery on the next day and widens a window to whole hours', async () => {
      const next = await get(`/summary?from=2024-02-11T11:59:59Z&to=2024-02-11T12:00:01Z`);
      expect(next.body).toMatchObject({
        ordersDelivered: 1,
        ordersPlaced: 0,
        averageOrderValueCents: 0,
      });
    });

    it('reads a refund-only hour as negative revenue', async () => {
      const refund = await get(`/summary?from=${t('11:00')}&to=${t('12:00')}`);
      expect(refund.body).toMatchObject({
        ordersCancelled: 1,
        revenueCents: -1990,
        unitsSold: -10,
      });
    });

    it('defaults to the last 30 days', async () => {
      const response = await get('/summary');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ordersPlaced: 0, revenueCents: 0, newUsers: 0 });
    });
  });

  describe('GET /analytics/sales', () => {
    it('answers one row per hour, empty hours as zeros', async () => {
      const response = await get(`/sales?from=${t('09:00')}&to=${t('13:00')}&granularity=hour`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { bucket: t('09:00'), orders: 1, revenueCents: 3097, unitsSold: 4 },
        { bucket: t('10:00'), orders: 2, revenueCents: 1990 + 5000, unitsSold: 12 },
        { bucket: t('11:00'), orders: -1, revenueCents: -1990, unitsSold: -10 },
        { bucket: t('12:00'), orders: 0, revenueCents: 0, unitsSold: 0 },
      ]);
    });

    it('answers one row per UTC day', async () => {
      const response = await get(`/sales?from=${day}&to=2024-02-12&granularity=day`);
      expect(response.body).toEqual([
        { bucket: t('00:00'), orders: 2, revenueCents: 8097, unitsSold: 6 },
        { bucket: '2024-02-11T00:00:00.000Z', orders: 0, revenueCents: 0, unitsSold: 0 },
      ]);
    });
  });

  describe('GET /analytics/top-products', () => {
    it('ranks by units sold, then revenue, under the current names', async () => {
      const response = await get(`/top-products?from=${day}&to=2024-02-11`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { productId: lamp.productId, name: 'Lamp', unitsSold: 3, revenueCents: 7500 },
        { productId: pen.productId, name: 'Gel pen', unitsSold: 3, revenueCents: 597 },
      ]);
      const top = await get(`/top-products?from=${day}&to=2024-02-11&limit=1`);
      expect(top.body.map((p: { productId: string }) => p.productId)).toEqual([lamp.productId]);
    });
  });

  it.each(['/summary', '/sales', '/top-products'])('is for admins only: %s', async (path) => {
    expectProblem(await get(path, customerToken), 403, 'forbidden');
    expectProblem(await system.read('GET', `/analytics${path}`), 401, 'unauthorized');
  });

  it.each([
    [`/summary?from=2024-02-11&to=${day}`, 'from'],
    [`/summary?from=${day}&to=${day}`, 'from'],
    ['/summary?from=yesterday', 'from'],
    ['/summary?to=2024-02-30', 'to'],
    ['/summary?granularity=day', 'granularity'],
    ['/sales?granularity=week', 'granularity'],
    ['/sales?from=2023-01-01&to=2024-01-01&granularity=hour', 'granularity'],
    ['/top-products?limit=0', 'limit'],
    ['/top-products?limit=101', 'limit'],
    ['/top-products?limit=ten', 'limit'],
  ])('answers %s with a 400 naming %s', async (path, field) => {
    expectProblem(await get(path), 400, 'validation', [field]);
  });

  it('documents its parameters, answers and problems in OpenAPI', async () => {
    type Operation = { parameters?: Array<{ name: string }>; responses: Record<string, unknown> };
    const document = (await (await fetch(`${system.readBaseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, { get: Operation }>;
    };
    const expected: Record<string, string[]> = {
      summary: ['from', 'to'],
      sales: ['from', 'to', 'granularity'],
      'top-products': ['from', 'to', 'limit'],
    };
    for (const [route, parameters] of Object.entries(expected)) {
      const operation = document.paths[`/api/v1/analytics/${route}`].get;
      const names = (operation.parameters ?? []).map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining([...parameters, 'X-Min-Position']));
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403']),
      );
    }
  });
});
