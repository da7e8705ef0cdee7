import { randomUUID } from 'node:crypto';
import { type RequestOptions, type TestResponse } from '../e2e/write-api.testing';

type Call = (method: string, path: string, options?: RequestOptions) => Promise<TestResponse>;

/** The two APIs of a running Shopstream, however it runs (child processes or `npm start`). */
export type Apis = Readonly<{ write: Call; read: Call }>;

export type Customer = Readonly<{
  userId: string;
  email: string;
  name: string;
  token: string;
  addressId: string;
}>;

export type OrderView = Readonly<{
  orderId: string;
  status: string;
  history: { status: string; at: string; reason?: string }[];
  totalCents: number;
  [key: string]: unknown;
}>;

/** Fails with the whole answer when it is not the expected status. */
export function expectStatus(response: TestResponse, status: number): TestResponse {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  }
  return response;
}

export async function logIn(apis: Apis, email: string, password: string): Promise<string> {
  const response = expectStatus(
    await apis.write('POST', '/auth/login', { body: { email, password } }),
    200,
  );
  return response.body.accessToken as string;
}

/** Registers over HTTP, logs in and adds a shipping address. */
export async function newCustomer(apis: Apis, tag = 'customer'): Promise<Customer> {
  const email = `${tag}-${randomUUID()}@example.test`;
  const password = 'passw0rd-123';
  const name = `Ann ${tag}`;
  const registered = expectStatus(
    await apis.write('POST', '/auth/register', { body: { email, password, name } }),
    201,
  );
  const token = await logIn(apis, email, password);
  const address = expectStatus(
    await apis.write('POST', '/users/me/addresses', {
      token,
      body: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    }),
    201,
  );
  return { userId: registered.body.userId, email, name, token, addressId: address.body.addressId };
}

/** Creates a product with its opening stock; answers once its stock record is open. */
export async function newProduct(
  apis: Apis,
  adminToken: string,
  {
    stock,
    priceCents = 1500,
    name = 'Mug',
    category = 'kitchen',
    description,
    lowStockThreshold,
  }: {
    stock: number;
    priceCents?: number;
    name?: string;
    category?: string;
    description?: string;
    lowStockThreshold?: number;
  },
): Promise<string> {
  const sku = `SKU-${randomUUID().slice(0, 8)}`.toUpperCase();
  const created = expectStatus(
    await apis.write('POST', '/products', {
      token: adminToken,
      body: {
        sku,
        name,
        category,
        ...(description !== undefined && { description }),
        priceCents,
        initialStock: stock,
        ...(lowStockThreshold !== undefined && { lowStockThreshold }),
      },
    }),
    201,
  );
  const productId = created.body.productId as string;
  await eventually(`the stock record of ${name}`, async () => {
    const inventory = await apis.read('GET', `/inventory/${productId}`, { token: adminToken });
    return inventory.status === 200 && inventory.body.onHand === stock;
  });
  return productId;
}

export async function placeOrder(
  apis: Apis,
  customer: Customer,
  lines: { productId: string; quantity: number }[],
): Promise<string> {
  const placed = expectStatus(
    await apis.write('POST', '/orders', {
      token: customer.token,
      body: { lines, shippingAddressId: customer.addressId },
    }),
    202,
  );
  return placed.body.orderId as string;
}

/** Polls the read API until the order has one of `statuses`, and returns it. */
export async function orderReaches(
  apis: Apis,
  token: string,
  orderId: string,
  statuses: readonly string[],
  timeoutMs = 30_000,
): Promise<OrderView> {
  let last: TestResponse | undefined;
  await eventually(
    `order ${orderId} to be ${statuses.join(' or ')}`,
    async () => {
      last = await apis.read('GET', `/orders/${orderId}`, { token });
      return last.status === 200 && statuses.includes(last.body.status);
    },
    timeoutMs,
    () => (last ? `${last.status} ${last.text}` : 'no answer'),
  );
  return last!.body as OrderView;
}

export async function inventoryOf(apis: Apis, adminToken: string, productId: string) {
  const response = expectStatus(
    await apis.read('GET', `/inventory/${productId}`, { token: adminToken }),
    200,
  );
  return response.body as { onHand: number; reserved: number; available: number };
}

/** Polls until `check` holds; fails naming `what` (and the last thing seen) after the timeout. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  lastSeen: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} ${lastSeen()}`.trim());
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `read()` once it has stopped changing: two readings a second apart that agree. For comparing
 * whole states while mails and reactions may still be on their way.
 */
export async function settled<T>(
  what: string,
  read: () => Promise<T>,
  timeoutMs = 60_000,
): Promise<T> {
  let last = await read();
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  throw new Error(`${what} did not stop changing within ${timeoutMs / 1000} s`);
}

/** The customer pays, then an admin ships: both must answer 200. */
export async function payAndShip(
  apis: Apis,
  customer: Customer,
  adminToken: string,
  orderId: string,
): Promise<void> {
  expectStatus(
    await apis.write('POST', `/orders/${orderId}/pay`, {
      token: customer.token,
      body: { paymentReference: `pay-${orderId.slice(0, 8)}` },
    }),
    200,
  );
  expectStatus(
    await apis.write('POST', `/orders/${orderId}/ship`, {
      token: adminToken,
      body: { trackingNumber: 'TRK-1' },
    }),
    200,
  );
}
