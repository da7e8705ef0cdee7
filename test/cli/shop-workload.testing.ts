import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { pino } from 'pino';
import {
  type InventoryCommand,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import {
  type NotificationCommand,
  notificationDecider,
  streamName as notificationStream,
} from '../../domain/notification';
import {
  type OrderCommand,
  orderDecider,
  type PlaceOrderLine,
  streamName as orderStream,
} from '../../domain/order';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import { type DomainEvent } from '../../domain/event-schemas';
import { type Command, type Decider } from '../../domain/shared/decider';
import { type UserCommand, userDecider, streamName as userStream } from '../../domain/user';
import { handleCommand } from '../../platform/commands/handle-command';
import { openMemoryCoordination } from '../../platform/coordination';
import { type EventStore } from '../../platform/event-store/port';
import { allProjections } from '../../projections';
import { startProjectionWorker } from '../../projections/runtime/projection-worker';
import { waitUntilProjected } from '../../projections/test-support/wait-until-projected.testing';

export type WorkloadSize = Readonly<{ users: number; products: number; orders: number }>;

/**
 * A small shop's history through the domain deciders and the shared command path, as the write
 * side and the saga would write it: users with addresses and welcome mails, products with stock,
 * orders that are paid and shipped, cancelled, or left confirmed. The clock starts at `start` and
 * moves three minutes per command, so the events fall into many hourly analytics buckets.
 */
export async function writeShopWorkload(
  store: EventStore,
  size: WorkloadSize,
  start = '2025-03-01T08:00:00.000Z',
): Promise<void> {
  let clock = Date.parse(start);
  const tick = () => new Date((clock += 180_000)).toISOString();
  const run = async <S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    command: (now: string) => C,
    userId: string | null = null,
  ) => {
    const now = tick();
    await handleCommand(store, decider, stream, command(now), {
      correlationId: randomUUID(),
      userId,
      now,
    });
  };
  const user = (id: string, c: (now: string) => UserCommand) =>
    run(userDecider, userStream(id), c, id);
  const product = (id: string, c: (now: string) => ProductCommand) =>
    run(productDecider, productStream(id), c);
  const inventory = (id: string, c: (now: string) => InventoryCommand) =>
    run(inventoryDecider, inventoryStream(id), c);
  const order = (id: string, c: (now: string) => OrderCommand) =>
    run(orderDecider, orderStream(id), c);
  const mail = (id: string, c: (now: string) => NotificationCommand) =>
    run(notificationDecider, notificationStream(id), c);

  const customers: { userId: string; addressId: string }[] = [];
  for (let i = 0; i < size.users; i++) {
    const userId = randomUUID();
    const addressId = randomUUID();
    const email = `shopper-${i}-${userId.slice(0, 8)}@example.com`;
    await user(userId, (now) => ({
      type: 'RegisterUser',
      data: {
        userId,
        email,
        name: `Shopper ${i}`,
        password: 'secret-123',
        passwordHash: 'x',
        roles: ['customer'],
        now,
      },
    }));
    await user(userId, (now) => ({
      type: 'AddAddress',
      data: {
        userId,
        addressId,
        label: 'Home',
        line1: `${i} Main St`,
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
        now,
      },
    }));
    if (i % 3 === 0) {
      await user(userId, (now) => ({
        type: 'ChangeNotificationPreferences',
        data: { userId, orderUpdates: true, marketing: i % 2 === 0, now },
      }));
    }
    const notificationId = randomUUID();
    await mail(notificationId, (now) => ({
      type: 'RequestNotification',
      data: {
        notificationId,
        template: 'welcome',
        to: email,
        subject: 'Welcome',
        userId,
        triggerEventId: randomUUID(),
        now,
      },
    }));
    await mail(notificationId, (now) => ({
      type: 'RecordSent',
      data: { notificationId, attempt: 1, now },
    }));
    customers.push({ userId, addressId });
  }

  const products: Omit<Extract<PlaceOrderLine, { sku: string }>, 'quantity'>[] = [];
  for (let i = 0; i < size.products; i++) {
    const productId = randomUUID();
    const sku = `SKU-${i}-${productId.slice(0, 6)}`.toUpperCase();
    let unitPriceCents = 499 + 250 * i;
    await product(productId, (now) => ({
      type: 'CreateProduct',
      data: {
        productId,
        sku,
        name: `Product ${i}`,
        description: `A fine ${i % 2 ? 'mug' : 'lamp'}`,
        category: i % 2 ? 'kitchen' : 'home',
        priceCents: unitPriceCents,
        initialStock: 500,
        now,
      },
    }));
    // What the inventory-opening manager does with ProductCreated: the same opening stock.
    await inventory(productId, (now) => ({
      type: 'InitialiseInventory',
      data: { productId, sku, initialStock: 500, now },
    }));
    if (i % 2 === 0) {
      unitPriceCents += 100;
      const priceCents = unitPriceCents;
      await product(productId, (now) => ({
        type: 'ChangeProductPrice',
        data: { productId, priceCents, now },
      }));
    }
    products.push({
      productId,
      productStatus: 'active',
      sku,
      name: `Product ${i}`,
      unitPriceCents,
    });
  }

  for (let i = 0; i < size.orders; i++) {
    const orderId = randomUUID();
    const customer = customers[i % customers.length];
    const actor = { userId: customer.userId, isAdmin: false };
    const lines = [0, 1, 2]
      .slice(0, Math.min(1 + (i % 3), products.length))
      .map((k) => ({ ...products[(i + k) % products.length], quantity: 1 + ((i + k) % 4) }));
    await order(orderId, (now) => ({
      type: 'PlaceOrder',
      data: {
        orderId,
        customerId: customer.userId,
        lines,
        shippingAddress: {
          addressId: customer.addressId,
          line1: '1 Main St',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        now,
      },
    }));
    for (const line of lines) {
      await inventory(line.productId, (now) => ({
        type: 'ReserveStock',
        data: { productId: line.productId, orderId, quantity: line.quantity, now },
      }));
    }
    await order(orderId, (now) => ({
      type: 'ConfirmOrder',
      data: { orderId, reservationTtlSeconds: 900, now },
    }));
    if (i % 4 === 1) {
      await order(orderId, (now) => ({
        type: 'CancelOrder',
        data: { orderId, actor, reason: 'changed my mind', now },
      }));
      for (const line of lines) {
        await inventory(line.productId, (now) => ({
          type: 'ReleaseReservation',
          data: { productId: line.productId, orderId, reason: 'order cancelled', now },
        }));
      }
    } else if (i % 4 !== 3) {
      await order(orderId, (now) => ({
        type: 'PayOrder',
        data: { orderId, paymentReference: `pay-${i}`, actor, now },
      }));
      if (i % 4 === 2) continue;
      await order(orderId, (now) => ({
        type: 'ShipOrder',
        data: { orderId, trackingNumber: `T${i}`, now },
      }));
      for (const line of lines) {
        await inventory(line.productId, (now) => ({
          type: 'ShipReservation',
          data: { productId: line.productId, orderId, now },
        }));
      }
      await order(orderId, (now) => ({ type: 'DeliverOrder', data: { orderId, now } }));
    }
  }
}

export { waitFor } from '../system/stores.testing';

export type LiveProjections = Readonly<{ stop(): Promise<void> }>;

/** The live path (`projections run`): every projection's runner, in this process. */
export async function startLiveProjections(db: Knex, store: EventStore): Promise<LiveProjections> {
  const coordination = openMemoryCoordination();
  const worker = await startProjectionWorker({
    db,
    store,
    coordination,
    logger: pino({ level: 'silent' }),
    projections: allProjections,
    settings: { retryInitialMs: 20, retryMaxMs: 200 },
  });
  return {
    async stop() {
      await worker.stop();
      await coordination.close();
    },
  };
}

/** Runs the live projections until they have applied everything stored, then stops them. */
export async function catchUpLive(db: Knex, store: EventStore): Promise<void> {
  const live = await startLiveProjections(db, store);
  try {
    await waitUntilProjected(db, store, { count: allProjections.length, timeoutMs: 60_000 });
  } finally {
    await live.stop();
  }
}
