import { randomBytes } from 'node:crypto';
import { sleep } from '../support/measure';
import { type SagaBenchConfig } from './config';
import { type JsonClient } from './http-client';

/**
 * The shop the orders come from, set up through the APIs before any window, as clients would:
 * the admin logs in and creates the products (their stock records are opened by the
 * inventory-opening manager, so this waits until the read API shows each one open), customers
 * register, log in and add an address. Access tokens last 15 minutes; `refreshIfOld` spends the
 * refresh tokens between windows so a long run never polls with an expired one.
 */
export type Customer = {
  userId: string;
  addressId: string;
  accessToken: string;
  refreshToken: string;
  tokenAt: number;
};

export type Shop = {
  readonly productIds: readonly string[];
  readonly customers: readonly Customer[];
  readonly admin: Readonly<{ email: string; password: string }>;
  /** The admin's access token (the sweep lists every customer's orders), and when it was had. */
  adminToken: string;
  adminTokenAt: number;
};

export type Apis = Readonly<{ write: JsonClient; read: JsonClient }>;

const PASSWORD = 'bench-passw0rd-1';
const REFRESH_AFTER_MS = 8 * 60_000;
const V1 = '/api/v1';

export async function seedShop(
  apis: Apis,
  admin: Readonly<{ email: string; password: string }>,
  config: SagaBenchConfig,
): Promise<Shop> {
  const tag = randomBytes(4).toString('hex');
  const login = await apis.write.expect(200, 'POST', `${V1}/auth/login`, { body: admin });
  const adminToken = login.accessToken as string;

  const productIds = await inParallel(config.products, config.seedConcurrency, async (i) => {
    const created = await apis.write.expect(201, 'POST', `${V1}/products`, {
      token: adminToken,
      body: {
        sku: `SAGA-${tag}-${i}`.toUpperCase(),
        name: `Saga bench product ${i}`,
        description: 'A product the saga benchmark orders.',
        category: 'bench',
        priceCents: 199 + 37 * i,
        initialStock: config.stockPerProduct,
      },
    });
    return created.productId as string;
  });
  await inParallel(productIds.length, config.seedConcurrency, (i) =>
    stockIsOpen(apis.read, adminToken, productIds[i], config.stockPerProduct),
  );

  const customers = await inParallel(config.customers, config.seedConcurrency, async (i) => {
    const email = `customer-${i}@${tag}.saga.bench.example.com`;
    const registered = await apis.write.expect(201, 'POST', `${V1}/auth/register`, {
      body: { email, password: PASSWORD, name: `Customer ${i}` },
    });
    const tokens = await apis.write.expect(200, 'POST', `${V1}/auth/login`, {
      body: { email, password: PASSWORD },
    });
    const address = await apis.write.expect(201, 'POST', `${V1}/users/me/addresses`, {
      token: tokens.accessToken as string,
      body: { line1: `${i} Bench Street`, city: 'Berlin', postalCode: '10115', country: 'DE' },
    });
    return {
      userId: registered.userId as string,
      addressId: address.addressId as string,
      accessToken: tokens.accessToken as string,
      refreshToken: tokens.refreshToken as string,
      tokenAt: Date.now(),
    };
  });
  return { productIds, customers, admin, adminToken, adminTokenAt: Date.now() };
}

/** New tokens for the admin and the customers whose access token is more than 8 minutes old. */
export async function refreshIfOld(apis: Apis, shop: Shop, concurrency: number): Promise<void> {
  if (Date.now() - shop.adminTokenAt > REFRESH_AFTER_MS) {
    const login = await apis.write.expect(200, 'POST', `${V1}/auth/login`, { body: shop.admin });
    shop.adminToken = login.accessToken as string;
    shop.adminTokenAt = Date.now();
  }
  const old = shop.customers.filter((c) => Date.now() - c.tokenAt > REFRESH_AFTER_MS);
  await inParallel(old.length, concurrency, async (i) => {
    const customer = old[i];
    const tokens = await apis.write.expect(200, 'POST', `${V1}/auth/refresh`, {
      body: { refreshToken: customer.refreshToken },
    });
    customer.accessToken = tokens.accessToken as string;
    customer.refreshToken = tokens.refreshToken as string;
    customer.tokenAt = Date.now();
  });
}

async function stockIsOpen(read: JsonClient, token: string, productId: string, stock: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await read.send('GET', `${V1}/inventory/${productId}`, { token });
    const body = response.body as { onHand?: number } | null;
    if (response.status === 200 && body?.onHand === stock) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the stock of ${productId} never opened: ${response.status} ${response.text}`,
      );
    }
    await sleep(50);
  }
}

/** `count` jobs, `concurrency` at a time: seeding is setup, not a load test of its own. */
export async function inParallel<R>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
