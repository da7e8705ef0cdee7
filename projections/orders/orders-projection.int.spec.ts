import { randomUUID } from 'node:crypto';
import {
  type OrderCommand,
  type OrderState,
  type PlaceOrderLine,
  orderDecider,
  streamName,
} from '../../domain/order';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { ordersProjection } from './index';
import { findOrder, listOrders } from './queries';

const START = Date.parse('2025-05-01T10:00:00.000Z');
const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString();

const mug: PlaceOrderLine = {
  productId: randomUUID(),
  productStatus: 'active',
  sku: 'MUG-1',
  name: 'Mug',
  unitPriceCents: 1299,
  quantity: 2,
};
const tea: PlaceOrderLine = {
  productId: randomUUID(),
  productStatus: 'active',
  sku: 'TEA-9',
  name: 'Tea',
  unitPriceCents: 450,
  quantity: 1,
};
const address = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
/** A line as the order records it: the catalog's status of its product is not kept. */
const ordered = ({ productStatus: _status, ...line }: PlaceOrderLine) => line;
/** Each placed order's customer: the one who pays or cancels it below. */
const customerOf = new Map<string, string>();
const customer = (orderId: string) => ({ userId: customerOf.get(orderId) ?? '', isAdmin: false });

/** Sends commands through the order decider and appends what it decides, as the write side does. */
class Orders {
  private readonly states = new Map<string, OrderState>();
  constructor(private readonly fixture: ProjectionFixture) {}

  async send(...commands: OrderCommand[]): Promise<void> {
    for (const command of commands) {
      const { orderId, now } = command.data;
      const state = this.states.get(orderId) ?? orderDecider.initialState();
      const events = orderDecider.decide(command, state);
      if (events.length > 0) await this.fixture.append(streamName(orderId), events, { at: now });
      this.states.set(orderId, events.reduce(orderDecider.evolve, state));
    }
  }

  async place(
    customerId: string,
    now: string,
    lines: PlaceOrderLine[] = [mug, tea],
  ): Promise<string> {
    const orderId = randomUUID();
    customerOf.set(orderId, customerId);
    await this.send({
      type: 'PlaceOrder',
      data: { orderId, customerId, lines, shippingAddress: address, now },
    });
    return orderId;
  }
}

const confirm = (orderId: string, now: string): OrderCommand => ({
  type: 'ConfirmOrder',
  data: {
    orderId,
    reservationTtlSeconds: 15 * 60,
    now,
  },
});
const reject = (orderId: string, now: string): OrderCommand => ({
  type: 'RejectOrder',
  data: { orderId, reason: 'insufficient stock', now },
});
const pay = (orderId: string, now: string): OrderCommand => ({
  type: 'PayOrder',
  data: { orderId, paymentReference: 'pay-1', actor: customer(orderId), now },
});
const cancel = (orderId: string, now: string, reason?: string): OrderCommand => ({
  type: 'CancelOrder',
  data: { orderId, actor: customer(orderId), now, ...(reason !== undefined && { reason }) },
});
const expire = (orderId: string, now: string): OrderCommand => ({
  type: 'ExpireOrder',
  data: { orderId, now },
});
const ship = (orderId: string, now: string): OrderCommand => ({
  type: 'ShipOrder',
  data: { orderId, trackingNumber: 'TRK-1', now },
});
const deliver = (orderId: string, now: string): OrderCommand => ({
  type: 'DeliverOrder',
  data: { orderId, now },
});

describe('orders projection', () => {
  let fixture: ProjectionFixture;
  let orders: Orders;

  beforeEach(async () => {
    fixture = await createProjectionFixture([ordersProjection]);
    orders = new Orders(fixture);
  });
  afterEach(() => fixture.close());

  it('keeps the snapshotted lines, totals and the whole timeline of a delivered order', async () => {
    const customerId = randomUUID();
    const orderId = await orders.place(customerId, at(0));
    await orders.send(
      confirm(orderId, at(1)),
      pay(orderId, at(2)),
      ship(orderId, at(3)),
      deliver(orderId, at(4)),
    );
    await fixture.catchUp();

    expect(await findOrder(fixture.db, orderId)).toEqual({
      orderId,
      userId: customerId,
      status: 'delivered',
      lines: [
        { ...ordered(mug), lineTotalCents: 2598 },
        { ...ordered(tea), lineTotalCents: 450 },
      ],
      totalCents: 3048,
      shippingAddress: address,
      history: [
        { status: 'pending', at: at(0) },
        { status: 'confirmed', at: at(1) },
        { status: 'paid', at: at(2) },
        { status: 'shipped', at: at(3) },
        { status: 'delivered', at: at(4) },
      ],
      createdAt: at(0),
      updatedAt: at(4),
    });
    const { items } = await listOrders(fixture.db, { userId: customerId, limit: 20 });
    expect(items).toEqual([
      {
        orderId,
        userId: customerId,
        status: 'delivered',
        totalCents: 3048,
        itemCount: 3,
        createdAt: at(0),
        updatedAt: at(4),
      },
    ]);
  });

  it('records the reason of a rejection or cancellation, and none where the event has none', async () => {
    const customerId = randomUUID();
    const rejected = await orders.place(customerId, at(0));
    const cancelledWithReason = await orders.place(customerId, at(0));
    const cancelledWithout = await orders.place(customerId, at(0));
    const expired = await orders.place(customerId, at(0));
    await orders.send(
      reject(rejected, at(1)),
      confirm(cancelledWithReason, at(1)),
      pay(cancelledWithReason, at(2)),
      cancel(cancelledWithReason, at(3), '  changed my mind '),
      confirm(cancelledWithout, at(1)),
      cancel(cancelledWithout, at(2)),
      confirm(expired, at(1)),
      expire(expired, at(60)),
    );
    await fixture.catchUp();

    const timeline = async (orderId: string) => (await findOrder(fixture.db, orderId))?.history;
    expect(await timeline(rejected)).toEqual([
      { status: 'pending', at: at(0) },
      { status: 'rejected', at: at(1), reason: 'insufficient stock' },
    ]);
    expect(await timeline(cancelledWithReason)).toEqual([
      { status: 'pending', at: at(0) },
      { status: 'confirmed', at: at(1) },
      { status: 'paid', at: at(2) },
      { status: 'cancelled', at: at(3), reason: 'changed my mind' },
    ]);
    expect(await timeline(cancelledWithout)).toEqual([
      { status: 'pending', at: at(0) },
      { status: 'confirmed', at: at(1) },
      { status: 'cancelled', at: at(2) },
    ]);
    expect(await timeline(expired)).toEqual([
      { status: 'pending', at: at(0) },
      { status: 'confirmed', at: at(1) },
      { status: 'expired', at: at(60) },
    ]);
  });

  it('finds an order for its owner and for nobody else when asked as an owner', async () => {
    const owner = randomUUID();
    const orderId = await orders.place(owner, at(0));
    await fixture.catchUp();

    expect((await findOrder(fixture.db, orderId, owner))?.orderId).toBe(orderId);
    expect(await findOrder(fixture.db, orderId, randomUUID())).toBeUndefined();
    expect(await findOrder(fixture.db, randomUUID())).toBeUndefined();
    expect(await findOrder(fixture.db, 'not-a-uuid')).toBeUndefined();
  });

  it('pages newest first through equal timestamps, each order exactly once, by user and status', async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const placed: Array<{ orderId: string; userId: string; minute: number }> = [];
    // Three orders share each minute, so the order id has to break ties between them.
    for (let i = 0; i < 24; i += 1) {
      const userId = i % 3 === 0 ? bob : alice;
      const minute = Math.floor(i / 3);
      placed.push({ orderId: await orders.place(userId, at(minute)), userId, minute });
    }
    for (const { orderId } of placed.filter((_, i) => i % 2 === 0)) {
      await orders.send(confirm(orderId, at(30)));
    }
    await fixture.catchUp();

    const walk = async (filter: { userId?: string; status?: 'pending' | 'confirmed' }) => {
      const seen: string[] = [];
      let after: { createdAt: string; orderId: string } | undefined;
      for (let pages = 0; pages < 50; pages += 1) {
        const page = await listOrders(fixture.db, { ...filter, limit: 5, after });
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map((item) => item.orderId));
        if (!page.nextKey) return seen;
        after = page.nextKey;
      }
      throw new Error('pagination did not end');
    };
    const newestFirst = (subset: typeof placed) =>
      [...subset]
        .sort((a, b) => b.minute - a.minute || (a.orderId < b.orderId ? 1 : -1))
        .map(({ orderId }) => orderId);
    const confirmed = new Set(placed.filter((_, i) => i % 2 === 0).map((o) => o.orderId));

    expect(await walk({})).toEqual(newestFirst(placed));
    expect(await walk({ userId: alice })).toEqual(
      newestFirst(placed.filter((o) => o.userId === alice)),
    );
    expect(await walk({ status: 'confirmed' })).toEqual(
      newestFirst(placed.filter((o) => confirmed.has(o.orderId))),
    );
    expect(await walk({ userId: bob, status: 'pending' })).toEqual(
      newestFirst(placed.filter((o) => o.userId === bob && !confirmed.has(o.orderId))),
    );
  });

  it('yields the same tables whether events arrive one at a time, in stages or all at once', async () => {
    const customers = [randomUUID(), randomUUID(), randomUUID()];
    const ids: string[] = [];
    const paths = [
      (id: string, m: number) => [confirm(id, at(m + 1)), pay(id, at(m + 2)), ship(id, at(m + 3))],
      (id: string, m: number) => [reject(id, at(m + 1))],
      (id: string, m: number) => [confirm(id, at(m + 1)), cancel(id, at(m + 2), 'too slow')],
      (id: string, m: number) => [confirm(id, at(m + 1)), expire(id, at(m + 20))],
      (id: string, m: number) => [
        confirm(id, at(m + 1)),
        pay(id, at(m + 2)),
        ship(id, at(m + 3)),
        deliver(id, at(m + 4)),
      ],
    ];
    // Stage 1 places orders; stage 2 moves each along its path, so most orders span batches.
    for (let i = 0; i < 40; i += 1) {
      ids.push(await orders.place(customers[i % 3], at(i), i % 4 === 0 ? [tea] : [mug, tea]));
    }
    await fixture.catchUp({ batchSize: 1 });
    for (const [i, id] of ids.entries()) await orders.send(...paths[i % paths.length](id, i));
    await fixture.catchUp({ batchSize: 7 });
    const live = await fixture.checksums(ordersProjection);
    expect(live.orders_orders).toMatch(/^40:/);

    await fixture.rebuild();
    expect(await fixture.checksums(ordersProjection)).toEqual(live);
  });
});
