import {
  type ScriptedSmtpServer,
  startScriptedSmtpServer,
} from '../../platform/mail/test-support/scripted-smtp-server';
import { type PrivateKafka, startPrivateKafka } from '../harness';
import {
  type Customer,
  eventually,
  logIn,
  newCustomer,
  newProduct,
  orderReaches,
  placeOrder,
} from './shop-client.testing';
import { ADMIN_PASSWORD, startTopology, type Topology } from './topology.testing';

/**
 * The topology under failure: a process-manager process killed mid-load, the Kafka broker
 * stopped and started again, the mail server refusing for a while. Its own broker and mail
 * server, so stopping them touches no other test.
 */
describe('orders move through failures', () => {
  let kafka: PrivateKafka;
  let smtp: ScriptedSmtpServer;
  let shop: Topology;
  let admin: string;

  beforeAll(async () => {
    [kafka, smtp] = await Promise.all([startPrivateKafka(), startScriptedSmtpServer()]);
    shop = await startTopology({ kafkaBrokers: kafka.brokers.join(','), smtpUrl: smtp.url });
    admin = await logIn(shop, shop.adminEmail, ADMIN_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await shop?.close();
    await Promise.all([kafka?.close(), smtp?.close()]);
  });

  /** Mails the server accepted for these recipients: all of them, and by distinct Message-ID. */
  const delivered = (customers: readonly Customer[]) => {
    const addresses = new Set(customers.map((c) => c.email.toLowerCase()));
    const mails = smtp.accepted.filter((mail) =>
      mail.rcptTo.some((to) => addresses.has(to.toLowerCase())),
    );
    return { total: mails.length, distinct: new Set(mails.map((mail) => mail.messageId)).size };
  };

  /** Places `count` orders of one unit, round robin over customers and products. */
  const placeMany = (customers: readonly Customer[], products: readonly string[], count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        placeOrder(shop, customers[i % customers.length], [
          { productId: products[i % products.length], quantity: 1 },
        ]).then((orderId) => ({ orderId, customer: customers[i % customers.length] })),
      ),
    );

  const settled = (orders: readonly { orderId: string; customer: Customer }[]) =>
    Promise.all(
      orders.map(({ orderId, customer }) =>
        orderReaches(shop, customer.token, orderId, ['confirmed', 'rejected'], 90_000),
      ),
    );

  it('survives a SIGKILL of the process managers mid-load: every order settles, no mail twice', async () => {
    const customers = await Promise.all([0, 1, 2, 3].map((i) => newCustomer(shop, `kill${i}`)));
    const products = await Promise.all([
      newProduct(shop, admin, { stock: 25, name: 'Kill ample' }),
      newProduct(shop, admin, { stock: 5, name: 'Kill scarce' }),
    ]);
    const orders = await placeMany(customers, products, 40);
    // Kill as soon as the saga is visibly at work, then start it again.
    await eventually('the first confirmation', async () => {
      const first = await shop.read('GET', `/orders/${orders[0].orderId}`, {
        token: orders[0].customer.token,
      });
      return first.status === 200 && first.body.status !== 'pending';
    });
    await shop.stop('process-managers', 'SIGKILL');
    await shop.start('process-managers');

    const outcomes = await settled(orders);
    const confirmed = outcomes.filter((o) => o.status === 'confirmed').length;
    // Each product: half the orders; the scarce one can confirm only 5 of its 20.
    expect(confirmed).toBe(20 + 5);
    await assertStock(shop, products[0], { reserved: 20, onHand: 25 });
    await assertStock(shop, products[1], { reserved: 5, onHand: 5 });
    // One welcome per customer and one mail per order; a resend could only come from a mail the
    // server accepted just before the kill (the documented window): at most one, same Message-ID.
    await eventually('every mail', async () => delivered(customers).distinct === 4 + 40, 60_000);
    const mails = delivered(customers);
    expect(mails.distinct).toBe(44);
    expect(mails.total - mails.distinct).toBeLessThanOrEqual(1);
  }, 180_000);

  it('hands the partitions of a SIGKILLed process-manager instance to the other instance', async () => {
    const second = await shop.startAnother('process-managers');
    const customers = await Promise.all([0, 1].map((i) => newCustomer(shop, `pair${i}`)));
    const productId = await newProduct(shop, admin, { stock: 100, name: 'Pair item' });
    // Both instances are in every group: the partitions are split between them. One dies.
    await shop.stop('process-managers', 'SIGKILL');
    const orders = await placeMany(customers, [productId], 12);
    const outcomes = await settled(orders);
    expect(outcomes.every((o) => o.status === 'confirmed')).toBe(true);
    expect(second.hasExited()).toBe(false);
    await shop.start('process-managers');
  }, 120_000);

  it('loses nothing when the Kafka broker stops and starts again mid-load', async () => {
    const customers = await Promise.all([0, 1].map((i) => newCustomer(shop, `broker${i}`)));
    const productId = await newProduct(shop, admin, { stock: 100, name: 'Broker item' });
    const early = await placeMany(customers, [productId], 10);
    await kafka.stop();
    // The write side keeps taking orders while the broker is down; they wait in the event store.
    const late = await placeMany(customers, [productId], 10);
    await kafka.start();

    const outcomes = await settled([...early, ...late]);
    expect(outcomes.every((o) => o.status === 'confirmed')).toBe(true);
    await assertStock(shop, productId, { reserved: 20, onHand: 100 });
    await eventually('every mail', async () => delivered(customers).distinct === 2 + 20, 60_000);
    expect(delivered(customers).total).toBe(22);
  }, 180_000);

  it('retries mail while the server refuses, and delivers each mail once when it accepts', async () => {
    smtp.refuseAll(true);
    const refusedBefore = smtp.refused;
    const customer = await newCustomer(shop, 'smtp');
    const productId = await newProduct(shop, admin, { stock: 3, name: 'Mail item' });
    const { orderId } = (await placeMany([customer], [productId], 1))[0];
    await orderReaches(shop, customer.token, orderId, ['confirmed']);
    // Both mails (welcome, order confirmed) have had an attempt refused and wait for a retry.
    await eventually('both mails to fail an attempt', async () => {
      const mine = await shop.read('GET', '/notifications', { token: customer.token });
      const items = (mine.body?.items ?? []) as { attempts: number }[];
      return items.length === 2 && items.every((item) => item.attempts >= 1);
    });
    expect(smtp.refused - refusedBefore).toBeGreaterThanOrEqual(2);
    smtp.refuseAll(false);

    await eventually(
      'both mails, once each',
      async () => delivered([customer]).distinct === 2,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(delivered([customer])).toEqual({ total: 2, distinct: 2 });
    const mine = await shop.read('GET', '/notifications', { token: customer.token });
    const items = mine.body.items as { status: string; attempts: number }[];
    expect(items.map((item) => item.status)).toEqual(['sent', 'sent']);
    expect(items.every((item) => item.attempts >= 2)).toBe(true);
  }, 120_000);
});

async function assertStock(
  shop: Topology,
  productId: string,
  expected: { reserved: number; onHand: number },
): Promise<void> {
  const admin = await logIn(shop, shop.adminEmail, ADMIN_PASSWORD);
  await eventually(`stock of ${productId} to read ${JSON.stringify(expected)}`, async () => {
    const stock = await shop.read('GET', `/inventory/${productId}`, { token: admin });
    return stock.body?.reserved === expected.reserved && stock.body?.onHand === expected.onHand;
  });
}
