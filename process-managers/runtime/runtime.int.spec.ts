import { randomUUID } from 'node:crypto';
import { type InventoryEvent, streamName as inventoryStream } from '../../domain/inventory';
import { type OrderEvent, type OrderLine, streamName as orderStream } from '../../domain/order';
import { IllegalStateError } from '../../domain/shared/errors';
import { type UserEvent, streamName as userStream } from '../../domain/user';
import { createReservationExpiry } from '../reservation-expiry/expiry';
import { createReservationSaga } from '../order-reservation/saga';
import { createRuntimeFixture, type RuntimeFixture } from '../test-support/runtime-fixture.testing';
import { eventually } from '../../platform/event-store/contract/contract-helpers';
import { type EffectHandler } from './effects';
import { loadLookups } from './lookups';
import { type ProcessManager, run } from './process-manager';
import { react } from './reactions';
import { claimDue } from './schedule';

const saga = createReservationSaga({ reservationTtlSeconds: 900 });
const expiry = createReservationExpiry();
const at = '2026-01-10T09:00:00.000Z';

let fx: RuntimeFixture;
beforeAll(async () => (fx = await createRuntimeFixture()));
afterAll(() => fx.close());

async function openInventory(productId: string, stock: number): Promise<void> {
  const opened: InventoryEvent = {
    type: 'InventoryInitialised',
    data: {
      productId,
      sku: `SKU-${productId.slice(0, 8)}`,
      initialStock: stock,
      lowStockThreshold: 0,
      initialisedAt: at,
    },
  };
  await fx.append(inventoryStream(productId), [opened]);
}

function line(productId: string, quantity: number): OrderLine {
  return {
    productId,
    sku: 'SKU',
    name: 'Thing',
    unitPriceCents: 100,
    quantity,
    lineTotalCents: 100 * quantity,
  };
}

async function placeOrder(orderId: string, lines: OrderLine[]) {
  const placed: OrderEvent = {
    type: 'OrderPlaced',
    data: {
      orderId,
      customerId: 'u-1',
      lines,
      totalCents: lines.reduce((sum, l) => sum + l.lineTotalCents, 0),
      shippingAddress: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      placedAt: at,
    },
  };
  const [recorded] = await fx.append(orderStream(orderId), [placed]);
  return recorded;
}

const reservationsOf = async (productId: string) =>
  (await fx.store.readStream(inventoryStream(productId))).filter((e) => e.type === 'StockReserved');

/** No scheduler: the decision's rows stay unclaimed, for a poller (or the test) to take. */
const leftToPoller = () => ({ db: fx.db, store: fx.store });

const scheduleRows = (manager: string) => fx.db('pm_schedule').where({ manager }).select('*');

describe('process-manager runtime on Postgres', () => {
  it('acts once per event: a redelivery finds the inbox and changes nothing', async () => {
    const productId = randomUUID();
    await openInventory(productId, 10);
    const orderId = randomUUID();
    const placed = await placeOrder(orderId, [line(productId, 3)]);
    const scheduler = fx.scheduler('w1');

    expect(await react(saga, placed, { ...fx, scheduler })).toBe('decided');
    expect(await react(saga, placed, { ...fx, scheduler })).toBe('duplicate');

    expect(await reservationsOf(productId)).toHaveLength(1);
    expect(await scheduleRows(saga.name)).toEqual([]);
    const [state] = await fx.db('pm_state').where({ manager: saga.name, instance: orderId });
    expect(state.version).toBe(1);
  });

  it('takes one commit for the decision and one after its actions due now: claims ride along', async () => {
    const products = [randomUUID(), randomUUID()];
    for (const productId of products) await openInventory(productId, 10);
    const orderId = randomUUID();
    const placed = await placeOrder(orderId, [line(products[0], 1), line(products[1], 2)]);
    // The runtime's own round trips (the event store has its pool): one per transaction.
    const transactions = new Set<string>();
    let statements = 0;
    const count = (query: { __knexTxId?: string }) => {
      if (query.__knexTxId) transactions.add(query.__knexTxId);
      else statements++;
    };
    fx.db.on('query', count);
    try {
      expect(await react(saga, placed, { ...fx, scheduler: fx.scheduler('counted') })).toBe(
        'decided',
      );
    } finally {
      fx.db.off('query', count);
    }
    for (const productId of products) expect(await reservationsOf(productId)).toHaveLength(1);
    expect((await scheduleRows(saga.name)).filter((r) => r.instance === orderId)).toEqual([]);
    // The decision, which claims both reserves; they run one after the other; then the statement
    // that deletes them and claims what follows: two, where a claim and a delete apiece took six.
    expect({ transactions: transactions.size, statements }).toEqual({
      transactions: 1,
      statements: 1,
    });
  });

  it('runs a row its decision claimed for a worker that died, once the claim runs out', async () => {
    const productId = randomUUID();
    await openInventory(productId, 10);
    const orderId = randomUUID();
    const placed = await placeOrder(orderId, [line(productId, 2)]);
    const dying = { owner: 'dies-after-deciding', runNowEach: async () => undefined };
    expect(await react(saga, placed, { ...fx, scheduler: dying })).toBe('decided');
    const [claimed] = (await scheduleRows(saga.name)).filter((r) => r.instance === orderId);
    expect(claimed.claimed_by).toBe('dies-after-deciding');

    const survivor = fx.scheduler('outlives-the-claim');
    survivor.start();
    await fx
      .db('pm_schedule')
      .where({ id: claimed.id })
      .update({ claimed_until: fx.db.raw("now() - interval '1 second'") });
    await eventually(
      async () =>
        (await scheduleRows(saga.name)).filter((r) => r.instance === orderId).length === 0,
    );
    await survivor.stop();
    expect(await reservationsOf(productId)).toHaveLength(1);
  });

  it('re-running a command after a crash appends nothing, even when the stream moved on (SAGA.md 2)', async () => {
    const productId = randomUUID();
    await openInventory(productId, 10);
    const orderId = randomUUID();
    const placed = await placeOrder(orderId, [line(productId, 4)]);
    // The decision is recorded; its reserve row is run by a worker that then dies before it can
    // delete the row (we run exactly what the executor runs, and leave the row claimed).
    expect(await react(saga, placed, leftToPoller())).toBe('decided');
    const [row] = await claimDue(fx.db, 'doomed-worker', 10, {
      manager: saga.name,
      instance: orderId,
    });
    const command = row.action;
    if (!('command' in command) || command.command.aggregate !== 'inventory')
      throw new Error('no reserve');
    await fx.runner.run(
      (await import('../../domain/inventory')).inventoryDecider,
      inventoryStream(productId),
      command.command.command,
      { correlationId: 'c', causationId: placed.eventId, userId: null, now: at },
      { eventIdSeed: row.seed },
    );
    // Meanwhile the reservation was released (say the order was cancelled by then).
    await fx.runner.run(
      (await import('../../domain/inventory')).inventoryDecider,
      inventoryStream(productId),
      { type: 'ReleaseReservation', data: { productId, orderId, reason: 'cancelled', now: at } },
      { correlationId: 'c', userId: null, now: at },
    );
    // The claim of the dead worker runs out; another worker takes the row and runs it again.
    await fx
      .db('pm_schedule')
      .where({ id: row.id })
      .update({ claimed_until: fx.db.raw("now() - interval '1 second'") });
    const scheduler = fx.scheduler('survivor');
    scheduler.start();
    await eventually(
      async () =>
        (await scheduleRows(saga.name)).filter((r) => r.instance === orderId).length === 0,
    );
    await scheduler.stop();

    // Decided again from scratch, the reserve would hold the stock a second time, for a dead order.
    const events = await fx.store.readStream(inventoryStream(productId));
    expect(events.map((e) => e.type)).toEqual([
      'InventoryInitialised',
      'StockReserved',
      'ReservationReleased',
    ]);
  });

  it('fires each due action once with two workers polling (FOR UPDATE SKIP LOCKED and claims)', async () => {
    const calls: string[] = [];
    const counting: EffectHandler = async (effect) => {
      calls.push(effect.notificationId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: 'done' };
    };
    const ids = Array.from({ length: 60 }, () => randomUUID());
    await fx.db('pm_schedule').insert(
      ids.map((notificationId, i) => ({
        manager: 'test-effects',
        instance: `i-${i % 7}`,
        line: notificationId,
        seed: `test-effects/${notificationId}`,
        action: JSON.stringify({ effect: { type: 'send-notification', notificationId } }),
        cause_event_id: randomUUID(),
        correlation_id: 'c',
        due_at: fx.db.raw("now() - interval '1 second'"),
        in_order: i % 2 === 0,
      })),
    );
    const workers = [
      fx.scheduler('a', { 'send-notification': counting }, { batchSize: 5 }),
      fx.scheduler('b', { 'send-notification': counting }, { batchSize: 5 }),
    ];
    workers.forEach((worker) => worker.start());
    await eventually(async () => (await scheduleRows('test-effects')).length === 0);
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(calls.sort()).toEqual([...ids].sort());
  });

  it('fires a deadline that came due while no worker ran, once, and a won payment beats it (SAGA.md 8, 9)', async () => {
    const late = randomUUID();
    const paidFirst = randomUUID();
    for (const orderId of [late, paidFirst]) {
      const past = new Date(Date.now() - 60_000).toISOString();
      await placeOrder(orderId, [line(randomUUID(), 1)]);
      const [confirmed] = await fx.append(orderStream(orderId), [
        {
          type: 'OrderConfirmed',
          data: { orderId, customerId: 'u-1', reservationExpiresAt: past, confirmedAt: at },
        },
      ]);
      expect(await react(expiry, confirmed, leftToPoller())).toBe('decided');
    }
    await fx.append(orderStream(paidFirst), [
      {
        type: 'OrderPaid',
        data: {
          orderId: paidFirst,
          customerId: 'u-1',
          paymentReference: 'p',
          lines: [],
          totalCents: 0,
          paidAt: at,
        },
      },
    ]);
    expect(await scheduleRows(expiry.name)).toHaveLength(2);

    // Workers come back: each deadline fires; a second worker started later finds nothing to do.
    const first = fx.scheduler('back-1');
    first.start();
    await eventually(async () => (await scheduleRows(expiry.name)).length === 0);
    await first.stop();
    const second = fx.scheduler('back-2');
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await second.stop();

    const types = async (orderId: string) =>
      (await fx.store.readStream(orderStream(orderId))).map((e) => e.type);
    expect(await types(late)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderExpired']);
    // The payment was appended first: the expiry was refused by the order and dropped.
    expect(await types(paidFirst)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderPaid']);
    // And the other way round: once expired, paying is refused (a 409 over HTTP).
    const { orderDecider } = await import('../../domain/order');
    await expect(
      fx.runner.run(
        orderDecider,
        orderStream(late),
        {
          type: 'PayOrder',
          data: {
            orderId: late,
            paymentReference: 'late',
            actor: { userId: 'u-1', isAdmin: false },
            now: at,
          },
        } as never,
        { correlationId: 'c', userId: 'u-1', now: at },
      ),
    ).rejects.toBeInstanceOf(IllegalStateError);
  });

  it('retries a command whose aggregate is not there yet, and keeps later lines of the instance waiting', async () => {
    const orderId = randomUUID();
    const productId = randomUUID();
    const placed = await placeOrder(orderId, [line(productId, 1)]);
    const twoLines: ProcessManager<null> = {
      name: 'test-ordered',
      description: 'reserve, then confirm',
      categories: ['order'],
      eventTypes: ['OrderPlaced'],
      instanceOf: () => orderId,
      initialState: () => null,
      decide: () => [
        run('reserve', {
          command: {
            aggregate: 'inventory',
            command: { type: 'ReserveStock', data: { productId, orderId, quantity: 1, now: at } },
          },
        }),
        run('confirm', {
          command: {
            aggregate: 'order',
            command: {
              type: 'ConfirmOrder',
              data: { orderId, reservationTtlSeconds: 900, now: at },
            },
          },
        }),
      ],
      evolve: () => null,
    };
    const scheduler = fx.scheduler('ordered');
    expect(await react(twoLines, placed, { ...fx, scheduler })).toBe('decided');
    scheduler.start();
    await eventually(async () => {
      const [reserve] = await fx
        .db('pm_schedule')
        .where({ manager: 'test-ordered', line: 'reserve' });
      return reserve?.attempts >= 2;
    });
    const orderTypes = async () =>
      (await fx.store.readStream(orderStream(orderId))).map((e) => e.type);
    expect(await orderTypes()).toEqual(['OrderPlaced']);
    const [waiting] = await fx
      .db('pm_schedule')
      .where({ manager: 'test-ordered', line: 'reserve' });
    expect(waiting.last_error).toMatch(/not found/);

    await openInventory(productId, 1);
    await eventually(async () => (await scheduleRows('test-ordered')).length === 0);
    await scheduler.stop();
    expect(await orderTypes()).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(await reservationsOf(productId)).toHaveLength(1);
  });

  it('reads a lookup as it stood at the trigger, whatever came after (SAGA.md 11)', async () => {
    const userId = randomUUID();
    const registered: UserEvent = {
      type: 'UserRegistered',
      data: {
        userId,
        email: 'ann@example.test',
        normalisedEmail: 'ann@example.test',
        name: 'Ann',
        passwordHash: 'h',
        roles: ['customer'],
        registeredAt: at,
      },
    };
    const optOut: UserEvent = {
      type: 'NotificationPreferencesChanged',
      data: { userId, orderUpdates: false, marketing: false, changedAt: at },
    };
    await fx.append(userStream(userId), [registered]);
    const [before] = await placeOrder(randomUUID(), []).then((e) => [e]);
    await fx.append(userStream(userId), [optOut]);
    const [after] = await placeOrder(randomUUID(), []).then((e) => [e]);

    // Both in one read, as a batch's reactions are: each still sees the user as of its trigger.
    const answers = await loadLookups(fx.store, [
      { request: { user: userId }, asOf: before.position },
      { request: { user: userId }, asOf: after.position },
    ]);
    expect(
      answers.map(({ user }) =>
        user?.status === 'registered' ? user.notificationPreferences.orderUpdates : undefined,
      ),
    ).toEqual([true, false]);
  });

  it('reads every aggregate a reaction looks up in one round trip to the store', async () => {
    const userId = randomUUID();
    const productId = randomUUID();
    const orderId = randomUUID();
    await fx.append(userStream(userId), [
      {
        type: 'UserRegistered',
        data: {
          userId,
          email: 'bo@example.test',
          normalisedEmail: 'bo@example.test',
          name: 'Bo',
          passwordHash: 'h',
          roles: ['customer'],
          registeredAt: at,
        },
      },
    ]);
    const placed = await placeOrder(orderId, [line(productId, 2)]);
    // The real store, with its reads counted.
    let reads = 0;
    const counted = new Proxy(fx.store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        if (key === 'readStream' || key === 'readStreams') reads++;
        return value.bind(target);
      },
    });

    const [lookups] = await loadLookups(counted, [
      { request: { user: userId, product: productId, order: orderId }, asOf: placed.position },
    ]);
    expect(lookups.user?.status).toBe('registered');
    expect(lookups.product?.status).toBe('absent');
    expect(lookups.order?.status === 'absent' ? [] : lookups.order?.lines).toEqual([
      line(productId, 2),
    ]);
    expect(reads).toBe(1);
  });
});
