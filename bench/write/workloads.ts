import { randomInt } from 'node:crypto';
import type autocannon from 'autocannon';
import { type WriteBenchConfig } from './config';
import { FLOOR_PATH, type FloorEvent } from './floor-server';
import { PASSWORD, type Shop } from './seed';

/**
 * The request streams autocannon sends. Each request is built by `setupRequest` just before it
 * goes out, from counters and random draws in this (the client) process.
 */
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Below production's N = 2^14, for the one labelled variant that shows the rest of the path. */
export const CHEAP_SCRYPT_N = 2 ** 10;

/** The names the report uses, in its order. */
export const WORKLOADS = {
  register: 'register',
  placeOrder: 'place-order',
  placeOrderWithKey: 'place-order + Idempotency-Key',
  registerCheapHash: 'register, scrypt N=2^10 (bench-only)',
  placeOrderEmbedded: 'place-order, embedded (npm start, PGlite)',
  floor: 'floor: bare Fastify + 1 INSERT',
} as const;

/** POST /auth/register with an email never used before and a valid password. */
export function registerRequests(tag: string): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/register',
      headers: JSON_HEADERS,
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({
          email: `load-${next++}@${tag}.bench.example.com`,
          password: PASSWORD,
          name: 'Load Tester',
        }),
      }),
    },
  ];
}

/**
 * POST /orders for a random seeded customer (their token, their address): 1 to maxLines
 * distinct random products, 1 to 3 of each. With `idempotencyKeys`, each request carries a key
 * of its own, as a client that retries safely would send; the route then goes through Redis.
 */
export function placeOrderRequests(
  shop: Shop,
  config: WriteBenchConfig,
  options: { idempotencyKeys: boolean; tag: string },
): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/orders',
      setupRequest: (request) => {
        const customer = shop.customers[randomInt(shop.customers.length)];
        const lineCount = 1 + randomInt(Math.min(config.maxLines, shop.productIds.length));
        const lines = pickDistinct(shop.productIds, lineCount).map((productId) => ({
          productId,
          quantity: 1 + randomInt(3),
        }));
        return {
          ...request,
          headers: {
            ...JSON_HEADERS,
            authorization: `Bearer ${customer.token}`,
            ...(options.idempotencyKeys ? { 'idempotency-key': `${options.tag}-${next++}` } : {}),
          },
          body: JSON.stringify({ lines, shippingAddressId: customer.addressId }),
        };
      },
    },
  ];
}

/**
 * The floor's one route, always with the same event (a copy of a real OrderPlaced). Its body is
 * built per request too, so the client does the same kind of work for every target.
 */
export function floorRequests(event: FloorEvent): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: FLOOR_PATH,
      headers: JSON_HEADERS,
      setupRequest: (request) => ({ ...request, body: JSON.stringify(event) }),
    },
  ];
}

function pickDistinct<T>(items: readonly T[], count: number): T[] {
  const picked = new Set<T>();
  while (picked.size < count) picked.add(items[randomInt(items.length)]);
  return [...picked];
}
