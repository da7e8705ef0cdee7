import { randomUUID } from 'node:crypto';
import { inventoryDecider, streamName as inventoryStream } from '../../domain/inventory';
import { type CommandContext } from '../../platform/commands/command-context';
import { handleCommand } from '../../platform/commands/handle-command';
import {
  countEvents,
  createProduct,
  expectInvalidFields,
  problemType,
  productWithStockRecord,
  streamOf,
  uniqueSku,
} from './catalog.testing';
import { accessTokenFor } from './tokens.testing';
import { startWriteApi, type WriteApiUnderTest } from './write-api.testing';

describe('write API: inventory', () => {
  let api: WriteApiUnderTest;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    api = await startWriteApi({}, { processManagers: ['inventory-opening'] });
    admin = await accessTokenFor(api, { roles: ['admin'] });
    customer = await accessTokenFor(api, { roles: ['customer'] });
  });
  afterAll(() => api.close());

  const context = (): CommandContext => ({
    correlationId: randomUUID(),
    userId: null,
    now: new Date().toISOString(),
  });

  /** What the order saga will do: hold stock for an order, straight through the command path. */
  async function reserve(productId: string, quantity: number): Promise<void> {
    const { events } = await handleCommand(
      api.eventStore,
      inventoryDecider,
      inventoryStream(productId),
      {
        type: 'ReserveStock',
        data: { productId, orderId: randomUUID(), quantity, now: context().now },
      },
      context(),
    );
    expect(events[0].type).toBe('StockReserved');
  }

  /**
   * A product whose stock record is open. The inventory-opening manager opens it moments after
   * POST /products answers; waiting for it keeps its InventoryInitialised out of what a test
   * measures ("appends nothing", "changes nothing").
   */
  const product = (overrides: Record<string, unknown> = {}) =>
    productWithStockRecord(api, admin, overrides);

  const inventoryOf = (productId: string) => streamOf(api, `inventory-${productId}`);

  describe('POST /inventory/{productId}/receive', () => {
    it('adds to on-hand and answers with the levels and the position', async () => {
      const productId = await product({ initialStock: 10 });
      const response = await api.request('POST', `/inventory/${productId}/receive`, {
        token: admin,
        body: { quantity: 5 },
      });

      expect(response.status).toBe(200);
      const inventory = await inventoryOf(productId);
      expect(response.body).toEqual({
        onHand: 15,
        reserved: 0,
        available: 15,
        position: inventory.last,
      });
      expect(response.headers.get('x-position')).toBe(inventory.last);
      expect(inventory.events.at(-1)).toEqual({
        type: 'StockReceived',
        data: { productId, quantity: 5, receivedAt: expect.any(String) },
      });
    });

    it('reports reserved and available stock beside on-hand', async () => {
      const productId = await product({ initialStock: 10 });
      await reserve(productId, 3);
      const response = await api.request('POST', `/inventory/${productId}/receive`, {
        token: admin,
        body: { quantity: 5 },
      });
      expect(response.body).toMatchObject({ onHand: 15, reserved: 3, available: 12 });
    });

    it.each([
      ['zero', 'quantity', { quantity: 0 }],
      ['negative', 'quantity', { quantity: -4 }],
      ['fractional', 'quantity', { quantity: 1.5 }],
      ['a string', 'quantity', { quantity: '3' }],
      ['missing', 'quantity', {}],
      ['beside an unknown field', 'note', { quantity: 3, note: 'pallet 7' }],
    ])(
      'refuses a quantity that is %s with 400 naming %s, appending nothing',
      async (_, field, body) => {
        const productId = await product();
        const before = await countEvents(api);
        const response = await api.request('POST', `/inventory/${productId}/receive`, {
          token: admin,
          body,
        });
        expectInvalidFields(response, [field]);
        expect(await countEvents(api)).toBe(before);
      },
    );

    it('refuses to take on-hand past its maximum with 409', async () => {
      const productId = await product({ initialStock: 1_000_000_000 });
      const response = await api.request('POST', `/inventory/${productId}/receive`, {
        token: admin,
        body: { quantity: 1 },
      });
      expect(response.status).toBe(409);
      expect(response.body.type).toBe(problemType('illegal-state'));
      expect((await inventoryOf(productId)).events).toHaveLength(1);
    });

    it('answers 404 for an unknown product and opens no stock record', async () => {
      const productId = randomUUID();
      const response = await api.request('POST', `/inventory/${productId}/receive`, {
        token: admin,
        body: { quantity: 1 },
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        type: problemType('not-found'),
        detail: `product ${productId} not found`,
      });
      expect((await inventoryOf(productId)).events).toEqual([]);
    });

    it('answers 400 naming productId when it is not a UUID', async () => {
      const response = await api.request('POST', '/inventory/mug-1/receive', {
        token: admin,
        body: { quantity: 1 },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'productId', message: 'must be a UUID' }]);
    });

    it('waits for the stock record of a product created a moment ago, then receives', async () => {
      const sku = uniqueSku();
      // No waiting here: the manager opens the record while the request waits for it.
      const productId = await createProduct(api, admin, {
        sku,
        initialStock: 4,
        lowStockThreshold: 2,
      });
      const response = await api.request('POST', `/inventory/${productId}/receive`, {
        token: admin,
        body: { quantity: 3 },
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
      const { events } = await inventoryOf(productId);
      expect(events).toEqual([
        {
          type: 'InventoryInitialised',
          data: expect.objectContaining({ sku, initialStock: 4, lowStockThreshold: 2 }),
        },
        { type: 'StockReceived', data: expect.objectContaining({ quantity: 3 }) },
      ]);
    });
  });

  describe('POST /inventory/{productId}/adjust', () => {
    it('corrects on-hand by a signed delta with a reason', async () => {
      const productId = await product({ initialStock: 100 });
      const down = await api.request('POST', `/inventory/${productId}/adjust`, {
        token: admin,
        body: { delta: -2, reason: ' two broken in the warehouse ' },
      });

      expect(down.status).toBe(200);
      const inventory = await inventoryOf(productId);
      expect(down.body).toEqual({
        onHand: 98,
        reserved: 0,
        available: 98,
        position: inventory.last,
      });
      expect(inventory.events.at(-1)).toEqual({
        type: 'StockAdjusted',
        data: {
          productId,
          delta: -2,
          reason: 'two broken in the warehouse',
          adjustedAt: expect.any(String),
        },
      });

      const up = await api.request('POST', `/inventory/${productId}/adjust`, {
        token: admin,
        body: { delta: 5, reason: 'found in the back' },
      });
      expect(up.body).toMatchObject({ onHand: 103, available: 103 });
    });

    it('refuses to take on-hand below the reserved units with 409, appending nothing', async () => {
      const productId = await product({ initialStock: 100 });
      await reserve(productId, 98);
      const before = await inventoryOf(productId);

      const response = await api.request('POST', `/inventory/${productId}/adjust`, {
        token: admin,
        body: { delta: -3, reason: 'count' },
      });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problemType('illegal-state'),
        detail: 'adjusting by -3 would leave 97 on hand, below the 98 reserved',
      });
      expect(await inventoryOf(productId)).toEqual(before);
    });

    it('may take on-hand down to the reserved units, which alerts low stock once', async () => {
      const productId = await product({ initialStock: 100 });
      await reserve(productId, 8);

      const response = await api.request('POST', `/inventory/${productId}/adjust`, {
        token: admin,
        body: { delta: -92, reason: 'count' },
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ onHand: 8, reserved: 8, available: 0 });
      const inventory = await inventoryOf(productId);
      expect(inventory.events.slice(-2).map((e) => e.type)).toEqual([
        'StockAdjusted',
        'LowStockDetected',
      ]);
      // The position is the last event's: the alert, not the adjustment.
      expect(response.body.position).toBe(inventory.last);
    });

    it.each([
      ['a zero delta', 'delta', { delta: 0, reason: 'nothing' }],
      ['a fractional delta', 'delta', { delta: 0.5, reason: 'half' }],
      ['no delta', 'delta', { reason: 'count' }],
      ['no reason', 'reason', { delta: 1 }],
      ['a blank reason', 'reason', { delta: 1, reason: '   ' }],
      ['an unknown field', 'quantity', { delta: 1, reason: 'count', quantity: 1 }],
    ])('refuses %s with 400 naming %s, appending nothing', async (_, field, body) => {
      const productId = await product({ initialStock: 10 });
      const before = await countEvents(api);
      const response = await api.request('POST', `/inventory/${productId}/adjust`, {
        token: admin,
        body,
      });
      expectInvalidFields(response, [field]);
      expect(await countEvents(api)).toBe(before);
    });

    it('answers 404 for an unknown product', async () => {
      const response = await api.request('POST', `/inventory/${randomUUID()}/adjust`, {
        token: admin,
        body: { delta: 1, reason: 'count' },
      });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
    });
  });

  describe('PUT /inventory/{productId}/low-stock-threshold', () => {
    it('changes the threshold, recording the previous one', async () => {
      const productId = await product({ initialStock: 100 });
      const response = await api.request('PUT', `/inventory/${productId}/low-stock-threshold`, {
        token: admin,
        body: { threshold: 12 },
      });

      expect(response.status).toBe(200);
      const inventory = await inventoryOf(productId);
      expect(response.body).toEqual({ position: inventory.last });
      expect(inventory.events.at(-1)).toEqual({
        type: 'LowStockThresholdChanged',
        data: { productId, previousThreshold: 10, threshold: 12, changedAt: expect.any(String) },
      });
    });

    it('alerts at once when raised to the available units or above', async () => {
      const productId = await product({ initialStock: 20 });
      const response = await api.request('PUT', `/inventory/${productId}/low-stock-threshold`, {
        token: admin,
        body: { threshold: 20 },
      });
      const inventory = await inventoryOf(productId);
      expect(inventory.events.slice(1).map((e) => e.type)).toEqual([
        'LowStockThresholdChanged',
        'LowStockDetected',
      ]);
      expect(response.body).toEqual({ position: inventory.last });
    });

    it('changes nothing for the current threshold', async () => {
      const productId = await product({ lowStockThreshold: 7 });
      const before = await inventoryOf(productId);
      const response = await api.request('PUT', `/inventory/${productId}/low-stock-threshold`, {
        token: admin,
        body: { threshold: 7 },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ position: before.last });
      expect(await inventoryOf(productId)).toEqual(before);
    });

    it.each([
      ['negative', 'threshold', { threshold: -1 }],
      ['fractional', 'threshold', { threshold: 2.5 }],
      ['missing', 'threshold', {}],
      ['beside an unknown field', 'lowStock', { threshold: 3, lowStock: true }],
    ])(
      'refuses a threshold that is %s with 400 naming %s, appending nothing',
      async (_, field, body) => {
        const productId = await product();
        const before = await countEvents(api);
        const response = await api.request('PUT', `/inventory/${productId}/low-stock-threshold`, {
          token: admin,
          body,
        });
        expectInvalidFields(response, [field]);
        expect(await countEvents(api)).toBe(before);
      },
    );

    it('answers 404 for an unknown product', async () => {
      const response = await api.request('PUT', `/inventory/${randomUUID()}/low-stock-threshold`, {
        token: admin,
        body: { threshold: 3 },
      });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
    });
  });

  describe('access', () => {
    it('answers 401 without a token and 403 to a customer, changing nothing', async () => {
      const productId = await product({ initialStock: 10 });
      const routes: Array<[string, string, unknown]> = [
        ['POST', `/inventory/${productId}/receive`, { quantity: 1 }],
        ['POST', `/inventory/${productId}/adjust`, { delta: -1, reason: 'count' }],
        ['PUT', `/inventory/${productId}/low-stock-threshold`, { threshold: 1 }],
      ];
      const before = await countEvents(api);

      for (const [method, path, body] of routes) {
        const anonymous = await api.request(method, path, { body });
        expect([path, anonymous.status, anonymous.body.type]).toEqual([
          path,
          401,
          problemType('unauthorized'),
        ]);
        const asCustomer = await api.request(method, path, { body, token: customer });
        expect([path, asCustomer.status, asCustomer.body.type]).toEqual([
          path,
          403,
          problemType('forbidden'),
        ]);
      }
      expect(await countEvents(api)).toBe(before);
    });
  });

  describe('while no process manager runs', () => {
    // A write API alone: nothing opens new products' stock records.
    let bare: WriteApiUnderTest;
    let bareAdmin: string;

    beforeAll(async () => {
      bare = await startWriteApi();
      bareAdmin = await accessTokenFor(bare, { roles: ['admin'] });
    });
    afterAll(() => bare.close());

    it('answers 503 with Retry-After to every stock command on a new product, appending nothing, since its record never opens', async () => {
      const productId = await createProduct(bare, bareAdmin, { initialStock: 5 });
      const before = await countEvents(bare);
      const routes: Array<[string, string, unknown]> = [
        ['POST', `/inventory/${productId}/receive`, { quantity: 1 }],
        ['POST', `/inventory/${productId}/adjust`, { delta: -1, reason: 'count' }],
        ['PUT', `/inventory/${productId}/low-stock-threshold`, { threshold: 1 }],
      ];

      const responses = await Promise.all(
        routes.map(([method, path, body]) =>
          bare.request(method, path, { token: bareAdmin, body }),
        ),
      );

      const answers = responses.map((response, i) => ({
        path: routes[i][1],
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        type: response.body.type,
        productId: response.body.productId,
      }));
      expect(answers).toEqual(
        routes.map(([, path]) => ({
          path,
          status: 503,
          retryAfter: '1',
          type: problemType('service-unavailable'),
          productId,
        })),
      );
      expect(await countEvents(bare)).toBe(before);
      expect(await bare.eventStore.readStream(`inventory-${productId}`)).toEqual([]);
    });

    it('answers 404 for an unknown product', async () => {
      const response = await bare.request('POST', `/inventory/${randomUUID()}/receive`, {
        token: bareAdmin,
        body: { quantity: 1 },
      });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
    });
  });
});
