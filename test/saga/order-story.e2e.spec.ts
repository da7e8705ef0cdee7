import { pino } from 'pino';
import { openBus } from '../../platform/bus/open-bus';
import { allProcessManagers } from '../../process-managers';
import { itWithInbox, sinkInbox } from '../harness';
import { mailArrives, subjectsOf } from './mail.testing';
import {
  type Customer,
  eventually,
  expectStatus,
  inventoryOf,
  logIn,
  newCustomer,
  newProduct,
  orderReaches,
  payAndShip,
  placeOrder,
  settled,
} from './shop-client.testing';
import { ADMIN_PASSWORD, startTopology, type Topology } from './topology.testing';

const MANAGERS = allProcessManagers({ reservationTtlSeconds: 900 });

/**
 * The order life cycle told end to end, as a customer and an admin see it over HTTP, on the
 * distributed topology: five processes on Postgres, Kafka, Redis and the SMTP sink.
 */
describe('orders move: the distributed topology', () => {
  let shop: Topology;
  let admin: string;

  beforeAll(async () => {
    shop = await startTopology();
    admin = await logIn(shop, shop.adminEmail, ADMIN_PASSWORD);
  }, 120_000);
  afterAll(() => shop?.close());

  itWithInbox(
    'places, confirms, pays, ships and delivers an order, with its mails',
    async (inbox) => {
      const customer = await newCustomer(shop);
      const productId = await newProduct(shop, admin, {
        stock: 10,
        priceCents: 1500,
        name: 'Story mug',
      });

      const orderId = await placeOrder(shop, customer, [{ productId, quantity: 2 }]);
      const confirmed = await orderReaches(shop, customer.token, orderId, ['confirmed']);
      expect(confirmed.totalCents).toBe(3000);
      expect(await inventoryOf(shop, admin, productId)).toMatchObject({
        onHand: 10,
        reserved: 2,
        available: 8,
      });
      await mailArrives(inbox, customer.email, /^Welcome to Shopstream/);
      await mailArrives(inbox, customer.email, new RegExp(`^Order ${orderId} is confirmed`));

      const paid = await shop.write('POST', `/orders/${orderId}/pay`, {
        token: customer.token,
        body: { paymentReference: 'card-4242' },
      });
      expect(expectStatus(paid, 200).body.status).toBe('paid');
      expectStatus(
        await shop.write('POST', `/orders/${orderId}/ship`, {
          token: admin,
          body: { trackingNumber: 'TRK-1' },
        }),
        200,
      );
      await mailArrives(inbox, customer.email, new RegExp(`^Order ${orderId} has shipped`));
      // The saga turned the reservation into stock leaving the warehouse.
      await eventually('the shipped units to leave on-hand', async () => {
        const stock = await inventoryOf(shop, admin, productId);
        return stock.onHand === 8 && stock.reserved === 0 && stock.available === 8;
      });
      expectStatus(
        await shop.write('POST', `/orders/${orderId}/deliver`, { token: admin, body: {} }),
        200,
      );

      const delivered = await orderReaches(shop, customer.token, orderId, ['delivered']);
      expect(delivered.history.map((entry) => entry.status)).toEqual([
        'pending',
        'confirmed',
        'paid',
        'shipped',
        'delivered',
      ]);
      const summary = expectStatus(
        await shop.read('GET', '/analytics/summary', { token: admin }),
        200,
      ).body;
      expect(summary).toMatchObject({
        ordersPlaced: 1,
        ordersConfirmed: 1,
        ordersPaid: 1,
        ordersShipped: 1,
        ordersDelivered: 1,
        revenueCents: 3000,
        unitsSold: 2,
      });
      await eventually('the notifications read model to show three mails sent', async () => {
        const mine = await shop.read('GET', '/notifications', { token: customer.token });
        const items = (mine.body?.items ?? []) as { template: string; status: string }[];
        return items.length === 3 && items.every((item) => item.status === 'sent');
      });
      expect(await subjectsOf(inbox, customer.email)).toHaveLength(3);
    },
  );

  itWithInbox(
    'rejects an order with a short line, naming it, and releases the other line',
    async (inbox) => {
      const customer = await newCustomer(shop);
      const plenty = await newProduct(shop, admin, { stock: 5, name: 'Plenty teapot' });
      const scarce = await newProduct(shop, admin, { stock: 1, name: 'Scarce kettle' });

      const orderId = await placeOrder(shop, customer, [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: 3 },
      ]);
      const rejected = await orderReaches(shop, customer.token, orderId, ['rejected']);
      expect(rejected.history.at(-1)?.reason).toMatch(/Scarce kettle .*3 requested, 1 available/);
      expect(rejected.history.at(-1)?.reason).not.toMatch(/Plenty teapot/);
      await eventually('the granted line to be released', async () => {
        const stock = await inventoryOf(shop, admin, plenty);
        return stock.reserved === 0 && stock.available === 5;
      });
      expect(await inventoryOf(shop, admin, scarce)).toMatchObject({ reserved: 0, available: 1 });
      await mailArrives(
        inbox,
        customer.email,
        new RegExp(`^Order ${orderId} could not be accepted`),
      );
    },
  );

  it('honours orders placed before their product was discontinued, and takes no new ones', async () => {
    const customer = await newCustomer(shop, 'discontinued');
    const productId = await newProduct(shop, admin, { stock: 5, name: 'Last-season lamp' });
    const orderId = await placeOrder(shop, customer, [{ productId, quantity: 2 }]);
    expectStatus(
      await shop.write('POST', `/products/${productId}/discontinue`, { token: admin }),
      200,
    );

    // Whether its stock was reserved before or after the discontinuation, the order goes on.
    await orderReaches(shop, customer.token, orderId, ['confirmed']);
    await payAndShip(shop, customer, admin, orderId);
    await eventually('the shipped lamps to leave on-hand', async () => {
      const stock = await inventoryOf(shop, admin, productId);
      return stock.onHand === 3 && stock.reserved === 0;
    });
    const refused = await shop.write('POST', '/orders', {
      token: customer.token,
      body: { lines: [{ productId, quantity: 1 }], shippingAddressId: customer.addressId },
    });
    expect(refused.status).toBe(422);
  });

  itWithInbox('gives the stock back when a confirmed order is cancelled', async (inbox) => {
    const customer = await newCustomer(shop);
    const productId = await newProduct(shop, admin, { stock: 4, name: 'Cancel cup' });
    const orderId = await placeOrder(shop, customer, [{ productId, quantity: 3 }]);
    await orderReaches(shop, customer.token, orderId, ['confirmed']);
    expect((await inventoryOf(shop, admin, productId)).available).toBe(1);

    expectStatus(
      await shop.write('POST', `/orders/${orderId}/cancel`, {
        token: customer.token,
        body: { reason: 'changed my mind' },
      }),
      200,
    );
    await eventually('the reservation to be released', async () => {
      const stock = await inventoryOf(shop, admin, productId);
      return stock.reserved === 0 && stock.available === 4;
    });
    await mailArrives(inbox, customer.email, new RegExp(`^Order ${orderId}`));
  });

  itWithInbox(
    'never oversells: 100 concurrent orders for 30 units',
    async (inbox) => {
      const customers: Customer[] = await Promise.all(
        Array.from({ length: 10 }, (_, i) => newCustomer(shop, `rush${i}`)),
      );
      const productId = await newProduct(shop, admin, { stock: 30, name: 'Rush item' });
      const orderIds = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          placeOrder(shop, customers[i % 10], [{ productId, quantity: 1 }]),
        ),
      );
      const outcomes = await Promise.all(
        orderIds.map((orderId, i) =>
          orderReaches(shop, customers[i % 10].token, orderId, ['confirmed', 'rejected'], 60_000),
        ),
      );
      const count = (status: string) => outcomes.filter((order) => order.status === status).length;
      expect({ confirmed: count('confirmed'), rejected: count('rejected') }).toEqual({
        confirmed: 30,
        rejected: 70,
      });
      await eventually('the inventory read model to show everything reserved', async () => {
        const stock = await inventoryOf(shop, admin, productId);
        return stock.reserved === 30 && stock.available === 0 && stock.onHand === 30;
      });
      // Stock crossed the low-stock threshold once on its way down: one alert, not one per order.
      await mailArrives(inbox, shop.env.ALERT_EMAIL, /^Low stock: /);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await subjectsOf(inbox, shop.env.ALERT_EMAIL)).toHaveLength(1);
    },
    120_000,
  );

  itWithInbox(
    'a rewound consumer group replays everything and changes nothing',
    async (inbox) => {
      const customer = await newCustomer(shop, 'replay');
      const productId = await newProduct(shop, admin, { stock: 3, name: 'Replay jug' });
      const orderId = await placeOrder(shop, customer, [{ productId, quantity: 1 }]);
      await orderReaches(shop, customer.token, orderId, ['confirmed']);
      await mailArrives(inbox, customer.email, /is confirmed/);
      // Mails of this and earlier tests (a welcome, an alert) may still be on their way.
      const before = await quietSnapshot(shop, inbox);

      await shop.stop('process-managers');
      // Every manager's group back to the first message of every topic it reads: a full replay.
      const bus = await openBus(
        { kafkaBrokers: shop.env.KAFKA_BROKERS.split(','), kafkaPartitions: 3 },
        { db: undefined as never, logger: pino({ level: 'silent' }), clientId: 'rewind-test' },
      );
      try {
        const prefix = shop.env.KAFKA_TOPIC_PREFIX;
        const groups = MANAGERS.map((manager) => ({
          groupId: `${prefix}pm.${manager.name}`,
          topics: manager.categories.map((category) => `${prefix}${category}`),
        }));
        for (const { groupId, topics } of groups) {
          await bus.rewind(groupId, topics);
          expect((await bus.lag(groupId, topics)).messages).toBeGreaterThan(0);
        }
        await shop.start('process-managers');
        await eventually(
          'every group to have consumed everything again',
          async () => {
            for (const { groupId, topics } of groups) {
              if ((await bus.lag(groupId, topics)).messages > 0) return false;
            }
            return true;
          },
          60_000,
        );
      } finally {
        await bus.close();
      }
      expect(await quietSnapshot(shop, inbox)).toEqual(before);
    },
    120_000,
  );
});

/** The snapshot once events and mails have stopped changing. */
function quietSnapshot(shop: Topology, inbox: ReturnType<typeof sinkInbox>) {
  return settled('the events and mails', () => snapshot(shop, inbox));
}

/** Everything a replay could wrongly change: the event count, and every mail delivered. */
async function snapshot(shop: Topology, inbox = sinkInbox()) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: shop.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      'select count(*) from event_store.events',
    );
    const mails = (await inbox.list()).filter((mail) =>
      mail.To.some((to) => to.Address.endsWith('@example.test')),
    );
    return { events: Number(rows[0].count), mails: mails.map((m) => m.MessageID).sort() };
  } finally {
    await client.end();
  }
}
