import { randomUUID } from 'node:crypto';
import { eventually } from '../../platform/event-store/contract/contract-helpers';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { PROBLEM_BASE_URI } from '../../platform/http';
import { type TestResponse, type WriteApiUnderTest } from './write-api.testing';

/** Helpers shared by the product and inventory e2e tests. */

export const problemType = (name: string): string => `${PROBLEM_BASE_URI}${name}`;

export function uniqueSku(): string {
  return `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
}

export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: uniqueSku(),
    name: 'Blue mug',
    description: 'Holds 450 ml of tea.',
    category: 'Kitchen',
    priceCents: 1299,
    ...overrides,
  };
}

/** POST /products as `token`, expecting 201; returns the new product's id. */
export async function createProduct(
  api: WriteApiUnderTest,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const response = await api.request('POST', '/products', { token, body: productBody(overrides) });
  if (response.status !== 201) {
    throw new Error(`POST /products answered ${response.status}: ${response.text}`);
  }
  return response.body.productId as string;
}

/**
 * Waits (bounded) for a product's stock record and returns its first event, InventoryInitialised.
 * The inventory-opening process manager opens it from ProductCreated, moments after
 * POST /products answered, so only suites that run that manager will see it.
 */
export async function stockRecordOpened(
  { eventStore }: { eventStore: EventStore },
  productId: string,
): Promise<RecordedEvent> {
  let opened: RecordedEvent | undefined;
  await eventually(async () => {
    [opened] = await eventStore.readStream(`inventory-${productId}`, { maxCount: 1 });
    return opened !== undefined;
  }).catch((error: Error) => {
    throw new Error(`the stock record of product ${productId} was not opened: ${error.message}`);
  });
  return opened!;
}

/** POST /products as `token`, then waits for the stock record the process manager opens. */
export async function productWithStockRecord(
  api: WriteApiUnderTest,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const productId = await createProduct(api, token, overrides);
  await stockRecordOpened(api, productId);
  return productId;
}

/** A stream's events as `{type, data}`, and the position of its last one. */
export async function streamOf(
  api: WriteApiUnderTest,
  stream: string,
): Promise<{ events: Array<{ type: string; data: Record<string, unknown> }>; last?: string }> {
  const recorded = await api.eventStore.readStream(stream);
  return {
    events: recorded.map(({ type, data }) => ({ type, data: { ...data } })),
    last: recorded.at(-1)?.position,
  };
}

/**
 * Every committed event in the store: "this request appended nothing" is `countEvents`
 * unchanged. Counted, not read through $all: a reader of $all stops short of events committed
 * behind a transaction still in flight anywhere on the server (xmin is cluster-wide), so the
 * setup's own appends could show up only in the second count.
 */
export async function countEvents(api: WriteApiUnderTest): Promise<number> {
  return api.eventStore.countEventsAfter();
}

/** A 400 validation problem whose field errors name exactly `fields`. */
export function expectInvalidFields(response: TestResponse, fields: readonly string[]): void {
  expect(response.status).toBe(400);
  expect(response.body.type).toBe(problemType('validation'));
  const named = response.body.errors.map((e: { field: string }) => e.field);
  expect(new Set(named)).toEqual(new Set(fields));
}
