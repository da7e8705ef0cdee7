import { type DomainEvent } from '../../domain/event-schemas';
import { type OrderCommand, orderDecider, streamName as orderStream } from '../../domain/order';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import { type Command, type Decider, type Event } from '../../domain/shared/decider';
import { type UserCommand, userDecider, streamName as userStream } from '../../domain/user';

/**
 * A reproducible shop history for analytics tests, produced through the domain deciders so every
 * event is one the write side could have written: users sign up, products are created and some
 * renamed, and orders go every way the life cycle allows (rejected, expired, cancelled before
 * and after payment, shipped, delivered), their events spread over several days and hours and
 * appended out of time order. Each entry is one append: a stream, its events and their time.
 */
export type WorkloadAppend = Readonly<{ stream: string; events: DomainEvent[]; at: string }>;

export type WorkloadOptions = Readonly<{
  seed?: number;
  users?: number;
  products?: number;
  orders?: number;
  /** Where the history starts; it spans `days` days from there. */
  start?: string;
  days?: number;
}>;

const MINUTE = 60_000;

export function shopWorkload(options: WorkloadOptions = {}): WorkloadAppend[] {
  const random = mulberry32(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const start = Date.parse(options.start ?? '2025-03-01T00:00:00.000Z');
  const span = (options.days ?? 5) * 24 * 60 * MINUTE;
  const at = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const appends: WorkloadAppend[] = [];
  const decide = <S, C extends Command, E extends Event>(
    decider: Decider<S, C, E>,
    stream: string,
    commands: readonly C[],
  ): void => {
    let state = decider.initialState();
    for (const command of commands) {
      const events = decider.decide(command, state);
      state = events.reduce(decider.evolve, state);
      const now = (command.data as { now: string }).now;
      appends.push({ stream, events: events as unknown as DomainEvent[], at: now });
    }
  };

  const userIds = Array.from({ length: options.users ?? 40 }, (_, i) => `user-${i}`);
  for (const userId of userIds) {
    const now = at(start + random() * span);
    const commands: UserCommand[] = [
      {
        type: 'RegisterUser',
        data: {
          userId,
          email: `${userId}@example.com`,
          name: `User ${userId}`,
          password: 'secret-123',
          passwordHash: 'hash',
          roles: ['customer'],
          now,
        },
      },
    ];
    decide(userDecider, userStream(userId), commands);
  }

  const products = Array.from({ length: options.products ?? 15 }, (_, i) => ({
    productId: `product-${i}`,
    sku: `SKU-${i}`,
    name: `Product ${i}`,
    unitPriceCents: 100 + Math.floor(random() * 9_900),
  }));
  for (const product of products) {
    const created = start + random() * span;
    const commands: ProductCommand[] = [
      {
        type: 'CreateProduct',
        data: {
          productId: product.productId,
          sku: product.sku,
          name: product.name,
          category: 'general',
          priceCents: product.unitPriceCents,
          now: at(created),
        },
      },
    ];
    if (random() < 0.3) {
      commands.push({
        type: 'UpdateProductDetails',
        data: {
          productId: product.productId,
          name: `${product.name} (renamed)`,
          now: at(created + 60 * MINUTE),
        },
      });
    }
    decide(productDecider, productStream(product.productId), commands);
  }

  for (let i = 0; i < (options.orders ?? 500); i++) {
    const orderId = `order-${i}`;
    let t = start + random() * span;
    const next = (maxMinutes: number): string => at((t += (1 + random() * maxMinutes) * MINUTE));
    const chosen = new Set<(typeof products)[number]>();
    const lineCount = Math.min(1 + Math.floor(random() * 3), products.length);
    while (chosen.size < lineCount) chosen.add(pick(products));
    const customerId = pick(userIds);
    const customer = { userId: customerId, isAdmin: false };
    const commands: OrderCommand[] = [
      {
        type: 'PlaceOrder',
        data: {
          orderId,
          customerId,
          lines: [...chosen].map((product) => ({
            ...product,
            productStatus: 'active' as const,
            quantity: 1 + Math.floor(random() * 4),
          })),
          shippingAddress: {
            line1: '1 Main St',
            city: 'Berlin',
            postalCode: '10115',
            country: 'DE',
          },
          now: at(t),
        },
      },
    ];
    const roll = random();
    if (roll < 0.12) {
      commands.push({
        type: 'RejectOrder',
        data: { orderId, reason: 'out of stock', now: next(2) },
      });
    } else {
      const confirmedAt = next(2);
      const reservationExpiresAt = at(Date.parse(confirmedAt) + 15 * MINUTE);
      commands.push({
        type: 'ConfirmOrder',
        data: { orderId, reservationTtlSeconds: 15 * 60, now: confirmedAt },
      });
      const outcome = random();
      if (outcome < 0.1) {
        t = Date.parse(reservationExpiresAt);
        commands.push({ type: 'ExpireOrder', data: { orderId, now: next(30) } });
      } else if (outcome < 0.2) {
        commands.push({
          type: 'CancelOrder',
          data: { orderId, actor: customer, now: next(10) },
        });
      } else {
        commands.push({
          type: 'PayOrder',
          data: { orderId, paymentReference: `pay-${i}`, actor: customer, now: next(12) },
        });
        const after = random();
        if (after < 0.2) {
          commands.push({
            type: 'CancelOrder',
            data: {
              orderId,
              actor: { userId: 'admin', isAdmin: true },
              reason: 'refund',
              now: next(24 * 60),
            },
          });
        } else if (after < 0.8) {
          commands.push({ type: 'ShipOrder', data: { orderId, now: next(6 * 60) } });
          if (random() < 0.7) {
            commands.push({ type: 'DeliverOrder', data: { orderId, now: next(48 * 60) } });
          }
        }
      }
    }
    decide(orderDecider, orderStream(orderId), commands);
  }

  // Stored out of time order, as concurrent writers would: contributions must not depend on it.
  for (let i = appends.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [appends[i], appends[j]] = [appends[j], appends[i]];
  }
  return keepStreamOrder(appends);
}

/** Within each stream, events keep their order (times only grow along a stream's commands). */
function keepStreamOrder(appends: WorkloadAppend[]): WorkloadAppend[] {
  const perStream = new Map<string, WorkloadAppend[]>();
  for (const append of appends) {
    const list = perStream.get(append.stream) ?? [];
    list.push(append);
    perStream.set(append.stream, list);
  }
  for (const list of perStream.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const cursor = new Map<string, number>();
  return appends.map((append) => {
    const index = cursor.get(append.stream) ?? 0;
    cursor.set(append.stream, index + 1);
    return perStream.get(append.stream)![index];
  });
}

/** A small seeded PRNG (public domain), so a failing run can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
