import { randomUUID } from 'node:crypto';
import { type OrderCommand, orderDecider, streamName as orderStream } from '../../domain/order';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import {
  type Role,
  type UserCommand,
  userDecider,
  streamName as userStream,
} from '../../domain/user';
import { hashPassword } from '../../platform/auth/password-hash';
import { type CommandContext } from '../../platform/commands/command-context';
import { handleCommand } from '../../platform/commands/handle-command';
import { accessTokenFor } from './tokens.testing';
import { type WriteApiUnderTest } from './write-api.testing';

/**
 * Given-state for order e2e tests, written straight to the event store through the generic
 * command path (as the saga and the other slices do), so these tests depend on no other route.
 */
export type TestUser = Readonly<{ userId: string; addressId: string; token: string }>;

function context(userId: string | null): CommandContext {
  return { correlationId: randomUUID(), userId, now: new Date().toISOString() };
}

/** Hashed once: every test user's password is `secret-123`, stored as registration stores it. */
let testPasswordHash: Promise<string> | undefined;

/** A registered user with one address and a token for the given roles. */
export async function registerUser(
  api: WriteApiUnderTest,
  roles: Role[] = ['customer'],
): Promise<TestUser> {
  const userId = randomUUID();
  const addressId = randomUUID();
  const { now } = context(null);
  const commands: UserCommand[] = [
    {
      type: 'RegisterUser',
      data: {
        userId,
        email: `${userId}@example.com`,
        name: 'Test Customer',
        password: 'secret-123',
        passwordHash: await (testPasswordHash ??= hashPassword('secret-123')),
        roles,
        now,
      },
    },
    {
      type: 'AddAddress',
      data: {
        userId,
        addressId,
        label: 'Home',
        line1: '1 Main St',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
        now,
      },
    },
  ];
  for (const command of commands) {
    await handleCommand(api.eventStore, userDecider, userStream(userId), command, context(userId));
  }
  return { userId, addressId, token: await accessTokenFor(api, { userId, roles }) };
}

export type TestProduct = Readonly<{
  productId: string;
  sku: string;
  name: string;
  priceCents: number;
}>;

export async function createProduct(
  api: WriteApiUnderTest,
  { name = 'Mug', priceCents = 1299 }: { name?: string; priceCents?: number } = {},
): Promise<TestProduct> {
  const productId = randomUUID();
  const sku = `SKU-${productId.slice(0, 8)}`.toUpperCase();
  await productCommand(api, productId, {
    type: 'CreateProduct',
    data: { productId, sku, name, category: 'kitchen', priceCents, now: context(null).now },
  });
  return { productId, sku, name, priceCents };
}

export function changePrice(api: WriteApiUnderTest, productId: string, priceCents: number) {
  return productCommand(api, productId, {
    type: 'ChangeProductPrice',
    data: { productId, priceCents, now: context(null).now },
  });
}

export function discontinue(api: WriteApiUnderTest, productId: string) {
  return productCommand(api, productId, {
    type: 'DiscontinueProduct',
    data: { productId, now: context(null).now },
  });
}

function productCommand(api: WriteApiUnderTest, productId: string, command: ProductCommand) {
  return handleCommand(
    api.eventStore,
    productDecider,
    productStream(productId),
    command,
    context('admin'),
  );
}

/** What the reservation saga does once every line's stock is reserved. */
export function confirmOrder(api: WriteApiUnderTest, orderId: string) {
  const { now } = context(null);
  const command: OrderCommand = {
    type: 'ConfirmOrder',
    data: { orderId, reservationTtlSeconds: 15 * 60, now },
  };
  return handleCommand(api.eventStore, orderDecider, orderStream(orderId), command, context(null));
}

/** Places an order over HTTP (one unit of each product) and returns its id. */
export async function placeOrder(
  api: WriteApiUnderTest,
  customer: TestUser,
  products: readonly TestProduct[],
): Promise<string> {
  const response = await api.request('POST', '/orders', {
    token: customer.token,
    body: {
      lines: products.map(({ productId }) => ({ productId, quantity: 1 })),
      shippingAddressId: customer.addressId,
    },
  });
  if (response.status !== 202) {
    throw new Error(`placing an order answered ${response.status}: ${response.text}`);
  }
  return response.body.orderId as string;
}

/** The event types of an order's stream, oldest first. */
export async function orderEventTypes(api: WriteApiUnderTest, orderId: string): Promise<string[]> {
  return (await api.eventStore.readStream(orderStream(orderId))).map((event) => event.type);
}
