import { send } from '../e2e/write-api.testing';
import {
  type Apis,
  type Customer,
  type OrderView,
  eventually,
  expectStatus,
  inventoryOf,
  logIn,
  newCustomer,
  orderReaches,
  placeOrder,
  settled,
} from '../saga/shop-client.testing';
import {
  CATALOG,
  createCatalog,
  type StoryProducts,
  TROWELS_RECEIVED,
} from './story-catalog.testing';
import { everyReadAnswer, readAfter } from './story-reads.testing';
import { expectStoryAnalytics, storyBounds, summaryOf } from './story-analytics.testing';
import { expectStoryMails, mailboxes } from './story-mail.testing';

export type StoryMail = Readonly<{ subject: string; text: string }>;

/** A running Shopstream the story is told against, however it runs. */
export type StoryTarget = Readonly<{
  /** Base URL for writes, without `/api/v1` (for the topology: the gateway). */
  writeUrl: string;
  /** Base URL for reads, without `/api/v1` (for the topology: the same gateway). */
  readUrl: string;
  admin: Readonly<{ email: string; password: string }>;
  /** The ALERT_EMAIL the system runs with. */
  alertEmail: string;
  /** The RESERVATION_TTL_SECONDS it runs with (short, so one order expires). */
  reservationTtlSeconds: number;
  /** Every mail delivered to that address so far. */
  mailsTo(address: string): Promise<StoryMail[]>;
  /** `shopstream projections rebuild all` against the running system, as an operator runs it. */
  rebuildAll(): Promise<Readonly<{ code: number; stdout: string; stderr: string }>>;
  close(): Promise<void>;
}>;

type StoryOrders = {
  delivered: string;
  rejected: string;
  cancelled: string;
  expired: string;
  /** Bob's, who turned order updates off: paid and shipped, never delivered. */
  shipped: string;
};

const statusesOf = (order: OrderView) => order.history.map((entry) => entry.status);

/**
 * The SPEC story, told over HTTP only, as a new user and an admin live it. Each `it` is one
 * chapter and builds on the ones before, so they run in order against one fresh system:
 * customers and their addresses, the catalog and its stock, one order from placed to delivered,
 * a rejected, a cancelled and an expired one, the mails, the analytics, low stock, and finally a
 * projection rebuild after which every read answer is the same.
 *
 * The target must be fresh: the story counts orders, mails and analytics exactly.
 */
export function describeShopstreamStory(title: string, open: () => Promise<StoryTarget>): void {
  describe(title, () => {
    let target: StoryTarget;
    let apis: Apis;
    let admin: string;
    let ann: Customer;
    let bob: Customer;
    let products: StoryProducts;
    let newUsersBefore: number;
    const orders: Partial<StoryOrders> = {};
    const bounds = storyBounds();
    const ordersOf = () => orders as StoryOrders;
    const orderAfter = async (orderId: string, token: string, position: string) =>
      (await readAfter(apis, `/orders/${orderId}`, token, position)) as OrderView;
    const write = async (path: string, token: string, body: unknown = {}) =>
      expectStatus(await apis.write('POST', path, { token, body }), 200).body.position as string;

    beforeAll(async () => {
      target = await open();
      apis = {
        write: (method, path, options = {}) => send(target.writeUrl, method, path, options),
        read: (method, path, options = {}) => send(target.readUrl, method, path, options),
      };
      admin = await logIn(apis, target.admin.email, target.admin.password);
    }, 300_000);
    afterAll(() => target?.close());

    it('registers two customers with addresses; one turns order updates off', async () => {
      const fresh = await summaryOf(apis, admin, bounds);
      expect(fresh).toMatchObject({ ordersPlaced: 0, revenueCents: 0 });
      newUsersBefore = fresh.newUsers;

      ann = await newCustomer(apis, 'ann');
      bob = await newCustomer(apis, 'bob');
      const turnedOff = expectStatus(
        await apis.write('PUT', '/users/me/notification-preferences', {
          token: bob.token,
          body: { orderUpdates: false, marketing: false },
        }),
        200,
      ).body.position;
      const bobSeen = await readAfter(apis, '/users/me', bob.token, turnedOff);
      expect(bobSeen).toMatchObject({
        userId: bob.userId,
        email: bob.email,
        roles: ['customer'],
        notificationPreferences: { orderUpdates: false, marketing: false },
      });
      expect(bobSeen.addresses).toEqual([expect.objectContaining({ addressId: bob.addressId })]);
    });

    it('an admin creates products in two categories, with thresholds, and receives stock', async () => {
      products = await createCatalog(apis, admin);
      const received = expectStatus(
        await apis.write('POST', `/inventory/${products.trowel.productId}/receive`, {
          token: admin,
          body: { quantity: TROWELS_RECEIVED },
        }),
        200,
      ).body;
      const trowels = CATALOG.trowel.stock + TROWELS_RECEIVED;
      expect(received).toMatchObject({ onHand: trowels, reserved: 0, available: trowels });
      expect(
        await readAfter(apis, `/inventory/${products.trowel.productId}`, admin, received.position),
      ).toMatchObject({ onHand: trowels, lowStockThreshold: CATALOG.trowel.lowStockThreshold });
      const categories = expectStatus(await apis.read('GET', '/categories'), 200).body;
      expect(categories).toEqual(
        expect.arrayContaining([
          { category: 'kitchen', productCount: 2 },
          { category: 'garden', productCount: 1 },
        ]),
      );
    });

    it('takes an order from placed to delivered, the read API following each step', async () => {
      const { mug, trowel } = products;
      const orderId = await placeOrder(apis, ann, [
        { productId: mug.productId, quantity: 2 },
        { productId: trowel.productId, quantity: 1 },
      ]);
      orders.delivered = orderId;
      const confirmed = await orderReaches(apis, ann.token, orderId, ['confirmed']);
      expect(confirmed.totalCents).toBe(2 * CATALOG.mug.priceCents + CATALOG.trowel.priceCents);

      const steps = [
        ['pay', ann.token, { paymentReference: 'card-4242' }, 'paid'],
        ['ship', admin, { trackingNumber: 'TRK-STORY-1' }, 'shipped'],
        ['deliver', admin, {}, 'delivered'],
      ] as const;
      let seen = confirmed;
      for (const [step, token, body, status] of steps) {
        const position = await write(`/orders/${orderId}/${step}`, token, body);
        seen = await orderAfter(orderId, ann.token, position);
        expect(seen.status).toBe(status);
      }
      expect(statusesOf(seen)).toEqual(['pending', 'confirmed', 'paid', 'shipped', 'delivered']);
      await eventually('the shipped units to leave on-hand', async () => {
        const [mugs, trowels] = await Promise.all([
          inventoryOf(apis, admin, mug.productId),
          inventoryOf(apis, admin, trowel.productId),
        ]);
        return mugs.onHand === 18 && mugs.reserved === 0 && trowels.onHand === 9;
      });
    });

    it('rejects an order beyond the stock, naming the product, and leaves nothing reserved', async () => {
      const { mug, teapot } = products;
      const orderId = await placeOrder(apis, ann, [
        { productId: mug.productId, quantity: 1 },
        { productId: teapot.productId, quantity: 5 },
      ]);
      orders.rejected = orderId;
      const rejected = await orderReaches(apis, ann.token, orderId, ['rejected']);
      const reason = rejected.history.at(-1)?.reason;
      expect(reason).toMatch(new RegExp(`${teapot.name} .*5 requested, 3 available`));
      expect(reason).not.toMatch(new RegExp(mug.name));
      await eventually('every reservation to be released', async () => {
        const stock = await Promise.all(
          Object.values(products).map((p) => inventoryOf(apis, admin, p.productId)),
        );
        return stock.every((s) => s.reserved === 0);
      });
    });

    it('gives the stock of a cancelled order back', async () => {
      const { mug } = products;
      const orderId = await placeOrder(apis, ann, [{ productId: mug.productId, quantity: 3 }]);
      orders.cancelled = orderId;
      await orderReaches(apis, ann.token, orderId, ['confirmed']);
      const position = await write(`/orders/${orderId}/cancel`, ann.token, {
        reason: 'ordered twice',
      });
      expect((await orderAfter(orderId, ann.token, position)).status).toBe('cancelled');
      await eventually('the cancelled mugs to be released', async () => {
        const stock = await inventoryOf(apis, admin, mug.productId);
        return stock.reserved === 0 && stock.available === 18;
      });
    });

    it('expires an order left unpaid after the TTL, releasing its stock', async () => {
      const { trowel } = products;
      const orderId = await placeOrder(apis, ann, [{ productId: trowel.productId, quantity: 2 }]);
      orders.expired = orderId;
      await orderReaches(apis, ann.token, orderId, ['confirmed']);
      const expired = await orderReaches(
        apis,
        ann.token,
        orderId,
        ['expired'],
        target.reservationTtlSeconds * 1000 + 60_000,
      );
      expect(statusesOf(expired)).toEqual(['pending', 'confirmed', 'expired']);
      await eventually('the expired trowels to be released', async () => {
        const stock = await inventoryOf(apis, admin, trowel.productId);
        return stock.reserved === 0 && stock.available === 9;
      });
      const late = await apis.write('POST', `/orders/${orderId}/pay`, {
        token: ann.token,
        body: { paymentReference: 'too-late' },
      });
      expect(late.status).toBe(409);
    });

    it('ships the order of a customer who turned order updates off; the teapot runs low', async () => {
      const { teapot } = products;
      const orderId = await placeOrder(apis, bob, [{ productId: teapot.productId, quantity: 2 }]);
      orders.shipped = orderId;
      await orderReaches(apis, bob.token, orderId, ['confirmed']);
      await write(`/orders/${orderId}/pay`, bob.token, { paymentReference: 'card-1881' });
      const shipped = await write(`/orders/${orderId}/ship`, admin, {});
      expect((await orderAfter(orderId, bob.token, shipped)).status).toBe('shipped');
      await eventually('the shipped teapots to leave on-hand', async () => {
        const stock = await inventoryOf(apis, admin, teapot.productId);
        return stock.onHand === 1 && stock.reserved === 0;
      });
    });

    it('mailed each customer what their orders called for, and alerted low stock once', () =>
      expectStoryMails(apis, target, { ann, bob }, ordersOf(), products));

    it('counts in the analytics what happened', () =>
      expectStoryAnalytics(apis, admin, bounds, products, newUsersBefore));

    it('lists the teapot, and only it, as low on stock', async () => {
      const low = expectStatus(
        await apis.read('GET', '/inventory?lowStock=true', { token: admin }),
        200,
      ).body;
      expect(low).toEqual([
        expect.objectContaining({
          productId: products.teapot.productId,
          sku: products.teapot.sku,
          onHand: 1,
          reserved: 0,
          available: 1,
          lowStockThreshold: CATALOG.teapot.lowStockThreshold,
        }),
      ]);
    });

    it('answers every read the same, and mails nothing again, after `projections rebuild all`', async () => {
      const tokens = { admin, ann: ann.token, bob: bob.token };
      const ids = {
        products: Object.values(products).map((p) => p.productId),
        orders: Object.values(ordersOf()),
      };
      // The mailboxes too: a rebuild replays events into read models, never into mails.
      const answers = async () => ({
        reads: await everyReadAnswer(apis, tokens, ids, bounds),
        mails: await mailboxes(target, ann.email, bob.email),
      });
      const before = await settled('the read answers', answers);

      const rebuilt = await target.rebuildAll();
      expect({ code: rebuilt.code, stderr: rebuilt.code === 0 ? '' : rebuilt.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      // Every projection went through fresh tables, not just an exit code of 0.
      const projections = before.reads['admin GET /projections'] as { name: string }[];
      expect(rebuilt.stdout).toContain(`rebuilt ${projections.length} projections`);
      expect(await settled('the read answers after the rebuild', answers)).toEqual(before);
    }, 300_000);
  });
}
