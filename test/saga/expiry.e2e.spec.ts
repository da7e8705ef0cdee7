import { itWithInbox } from '../harness';
import { mailArrives } from './mail.testing';
import {
  eventually,
  expectStatus,
  inventoryOf,
  logIn,
  newCustomer,
  newProduct,
  orderReaches,
  placeOrder,
} from './shop-client.testing';
import { ADMIN_PASSWORD, startTopology, type Topology } from './topology.testing';

/** Reservation expiry on the distributed topology, with RESERVATION_TTL_SECONDS=2. */
describe('orders move: reservation expiry', () => {
  let shop: Topology;
  let admin: string;

  beforeAll(async () => {
    shop = await startTopology({ env: { RESERVATION_TTL_SECONDS: '2' } });
    admin = await logIn(shop, shop.adminEmail, ADMIN_PASSWORD);
  }, 120_000);
  afterAll(() => shop?.close());

  itWithInbox(
    'expires a confirmed order left unpaid, releases its stock and says so',
    async (inbox) => {
      const customer = await newCustomer(shop, 'expiry');
      const productId = await newProduct(shop, admin, { stock: 4, name: 'Expiring vase' });
      const orderId = await placeOrder(shop, customer, [{ productId, quantity: 3 }]);
      const confirmed = await orderReaches(shop, customer.token, orderId, ['confirmed']);
      const confirmedAt = Date.parse(confirmed.updatedAt as string);

      const expired = await orderReaches(shop, customer.token, orderId, ['expired'], 20_000);
      expect(Date.parse(expired.history.at(-1)!.at) - confirmedAt).toBeGreaterThanOrEqual(2_000);
      await eventually('the stock to come back', async () => {
        const stock = await inventoryOf(shop, admin, productId);
        return stock.reserved === 0 && stock.available === 4;
      });
      await mailArrives(inbox, customer.email, new RegExp(`^Order ${orderId}`));
      // The payment comes too late: the order stream decided for the expiry.
      const late = await shop.write('POST', `/orders/${orderId}/pay`, {
        token: customer.token,
        body: { paymentReference: 'too-late' },
      });
      expect(late.status).toBe(409);
    },
  );

  it('lets a payment that comes first win: the deadline then changes nothing', async () => {
    const customer = await newCustomer(shop, 'payer');
    const productId = await newProduct(shop, admin, { stock: 2, name: 'Paid vase' });
    const orderId = await placeOrder(shop, customer, [{ productId, quantity: 1 }]);
    // Pays the moment the order stream says confirmed, well inside the 2 s.
    await eventually('the payment to be taken', async () => {
      const paid = await shop.write('POST', `/orders/${orderId}/pay`, {
        token: customer.token,
        body: { paymentReference: 'in-time' },
      });
      if (paid.status !== 409) expectStatus(paid, 200);
      return paid.status === 200;
    });
    // Well past the deadline: still paid, the stock still held for it.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const order = await orderReaches(shop, customer.token, orderId, ['paid']);
    expect(order.history.map((entry) => entry.status)).toEqual(['pending', 'confirmed', 'paid']);
    expect((await inventoryOf(shop, admin, productId)).reserved).toBe(1);
  });
});
