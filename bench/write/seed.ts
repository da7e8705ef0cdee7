import { randomUUID } from 'node:crypto';
import { AccessTokens } from '../../platform/auth/access-tokens';
import { type WriteBenchConfig } from './config';

/** What the place-order workload draws from: customers who can order, products to order. */
export type Customer = Readonly<{ userId: string; addressId: string; token: string }>;

export type Shop = Readonly<{ customers: readonly Customer[]; productIds: readonly string[] }>;

export const PASSWORD = 'correct horse 1';

/**
 * Seeds the shop through the write API's own routes (register, add address, create product),
 * as a client would; access tokens are signed with the API's secret instead of logging in.
 * Ends by placing one order, so a broken route fails here and not as a wall of non-2xx.
 */
export async function seedShop(
  baseUrl: string,
  jwtSecret: string,
  config: WriteBenchConfig,
  tag: string,
): Promise<Shop> {
  const tokens = new AccessTokens({ secret: jwtSecret });
  const admin = (await tokens.sign({ sub: randomUUID(), roles: ['admin'] })).token;
  const post = (path: string, body: unknown, token?: string) =>
    postJson(`${baseUrl}/api/v1${path}`, body, token);

  const productIds = await inParallel(range(config.products), async (i) => {
    const { productId } = await post(
      '/products',
      {
        sku: `BENCH-${tag}-${i}`.toUpperCase(),
        name: `Bench product ${i}`,
        description: 'A product the write benchmark orders.',
        category: 'bench',
        priceCents: 199 + 37 * i,
        initialStock: 100_000,
      },
      admin,
    );
    return productId as string;
  });

  const customers = await inParallel(range(config.customers), async (i) => {
    const email = `customer-${i}@${tag}.bench.example.com`;
    const registered = await post('/auth/register', {
      email,
      password: PASSWORD,
      name: `Customer ${i}`,
    });
    const userId = registered.userId as string;
    const { token } = await tokens.sign({ sub: userId, roles: ['customer'], email });
    const { addressId } = await post(
      '/users/me/addresses',
      {
        label: 'Home',
        line1: `${i} Bench Street`,
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      token,
    );
    return { userId, addressId: addressId as string, token };
  });

  const [first] = customers;
  await post(
    '/orders',
    { lines: [{ productId: productIds[0], quantity: 1 }], shippingAddressId: first.addressId },
    first.token,
  );
  return { customers, productIds };
}

async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`seeding: POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A few requests at a time: seeding should be quick, not a load test of its own. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, items.length) }, worker));
  return results;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
