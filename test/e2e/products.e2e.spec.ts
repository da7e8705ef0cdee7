import { randomUUID } from 'node:crypto';
import { derivedEventId, reactionSeed } from '../../platform/commands/event-ids';
import {
  countEvents,
  createProduct,
  problemType,
  productBody,
  expectInvalidFields,
  stockRecordOpened,
  streamOf,
  uniqueSku,
} from './catalog.testing';
import { accessTokenFor } from './tokens.testing';
import { startWriteApi, type WriteApiUnderTest } from './write-api.testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('write API: products', () => {
  // The product routes need no process manager: this write API runs none, so nothing but the
  // request under test appends. The stock record's opening is tested against one that does.
  let api: WriteApiUnderTest;
  const adminId = randomUUID();
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    api = await startWriteApi();
    admin = await accessTokenFor(api, { userId: adminId, roles: ['admin'] });
    customer = await accessTokenFor(api, { roles: ['customer'] });
  });
  afterAll(() => api.close());
  afterEach(() => jest.restoreAllMocks());

  /** Makes every append to a stream starting with `prefix` throw. */
  function failAppendsTo(prefix: string) {
    const append = api.eventStore.append.bind(api.eventStore);
    return jest.spyOn(api.eventStore, 'append').mockImplementation((stream, events, expected) => {
      if (stream.startsWith(prefix)) {
        return Promise.reject(new Error('connection terminated unexpectedly'));
      }
      return append(stream, events, expected);
    });
  }

  async function productCreatedEventsFor(sku: string) {
    const created = [];
    for await (const batch of api.eventStore.readAll({
      filter: { eventTypes: ['ProductCreated'] },
    }))
      created.push(...batch.filter((event) => event.data.sku === sku));
    return created;
  }

  describe('POST /products, and the stock record the inventory-opening manager opens', () => {
    let system: WriteApiUnderTest;
    let systemAdmin: string;

    beforeAll(async () => {
      system = await startWriteApi({}, { processManagers: ['inventory-opening'] });
      systemAdmin = await accessTokenFor(system, { userId: adminId, roles: ['admin'] });
    });
    afterAll(() => system.close());

    it("creates the product with its opening stock and claims its SKU, answering with ProductCreated's position; the manager then opens the stock record from it", async () => {
      const sku = uniqueSku();
      const response = await system.request('POST', '/products', {
        token: systemAdmin,
        body: productBody({ sku: sku.toLowerCase(), name: '  Blue mug ', initialStock: 40 }),
      });

      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(['position', 'productId']);
      const { productId, position } = response.body;
      expect(productId).toMatch(UUID);
      expect(response.headers.get('x-position')).toBe(position);

      const product = await streamOf(system, `product-${productId}`);
      expect(product.events).toEqual([
        {
          type: 'ProductCreated',
          data: {
            productId,
            sku,
            name: 'Blue mug',
            description: 'Holds 450 ml of tea.',
            category: 'Kitchen',
            priceCents: 1299,
            initialStock: 40,
            createdAt: expect.any(String),
          },
        },
      ]);
      expect(product.last).toBe(position);
      expect((await streamOf(system, `unique-sku-${sku}`)).events).toEqual([
        {
          type: 'KeyClaimed',
          data: { key: sku, ownerId: productId, claimedAt: expect.any(String) },
        },
      ]);
      const [created] = await system.eventStore.readStream(`product-${productId}`);
      expect(created.metadata).toMatchObject({ userId: adminId });

      const opened = await stockRecordOpened(system, productId);
      expect((await streamOf(system, `inventory-${productId}`)).events).toEqual([
        {
          type: 'InventoryInitialised',
          data: {
            productId,
            sku,
            initialStock: 40,
            lowStockThreshold: 5,
            initialisedAt: expect.any(String),
          },
        },
      ]);
      // The manager's reaction to this ProductCreated: its event id derives from that cause.
      expect(opened.eventId).toBe(
        derivedEventId(reactionSeed('inventory-opening', created.eventId, 'open'), 0),
      );
      expect(opened.metadata).toMatchObject({
        causationId: created.eventId,
        correlationId: created.metadata.correlationId,
      });
      expect(system.eventStore.comparePositions(opened.position, position)).toBeGreaterThan(0);
      // Opened when the manager ran, which is not before the product was created.
      expect(Date.parse(opened.data.initialisedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(created.data.createdAt as string),
      );
    });

    it.each([
      ['no stock: 0 on hand, threshold 5', {}, { initialStock: 0, lowStockThreshold: 5 }],
      [
        '200 units: threshold 10% of them',
        { initialStock: 200 },
        { initialStock: 200, lowStockThreshold: 20 },
      ],
      [
        'an explicit threshold',
        { initialStock: 200, lowStockThreshold: 3 },
        { initialStock: 200, lowStockThreshold: 3 },
      ],
      ['a threshold of 0', { lowStockThreshold: 0 }, { initialStock: 0, lowStockThreshold: 0 }],
    ])(
      'opens the stock record with %s, from the opening stock ProductCreated carries',
      async (_, overrides, expected) => {
        const productId = await createProduct(system, systemAdmin, overrides);
        const [created] = (await streamOf(system, `product-${productId}`)).events;
        expect(created.data).toMatchObject({ initialStock: expected.initialStock });
        // The threshold as asked for: a default is inventory's to compute, not the product's.
        expect(created.data.lowStockThreshold).toBe(
          'lowStockThreshold' in overrides ? overrides.lowStockThreshold : undefined,
        );

        await stockRecordOpened(system, productId);
        const { events } = await streamOf(system, `inventory-${productId}`);
        expect(events).toEqual([
          { type: 'InventoryInitialised', data: expect.objectContaining(expected) },
        ]);
      },
    );
  });

  describe('POST /products', () => {
    it('answers 201 and leaves no stock record while no process manager runs: it appends only the claim and the product', async () => {
      const sku = uniqueSku();
      const before = await countEvents(api);
      const response = await api.request('POST', '/products', {
        token: admin,
        body: productBody({ sku, initialStock: 12, lowStockThreshold: 4 }),
      });

      expect(response.status).toBe(201);
      const { productId, position } = response.body;
      const product = await streamOf(api, `product-${productId}`);
      expect(product.events).toEqual([
        {
          type: 'ProductCreated',
          data: expect.objectContaining({ productId, initialStock: 12, lowStockThreshold: 4 }),
        },
      ]);
      expect(product.last).toBe(position);
      expect((await streamOf(api, `unique-sku-${sku}`)).events.map((e) => e.type)).toEqual([
        'KeyClaimed',
      ]);
      expect(await api.eventStore.readStream(`inventory-${productId}`)).toEqual([]);
      expect(await countEvents(api)).toBe(before + 2);
    });

    it('accepts a free product (priceCents 0)', async () => {
      const productId = await createProduct(api, admin, { priceCents: 0 });
      const { events } = await streamOf(api, `product-${productId}`);
      expect(events[0].data.priceCents).toBe(0);
    });

    it.each([
      ['a negative priceCents', 'priceCents', { priceCents: -1 }],
      ['a fractional priceCents', 'priceCents', { priceCents: 12.5 }],
      ['priceCents as a string', 'priceCents', { priceCents: '1299' }],
      ['no priceCents', 'priceCents', { priceCents: undefined }],
      ['priceCents above the maximum', 'priceCents', { priceCents: 1_000_000_001 }],
      ['an unknown field', 'colour', { colour: 'blue' }],
      ['a SKU with a space', 'sku', { sku: 'MUG 1' }],
      ['a SKU of 65 characters', 'sku', { sku: 'X'.repeat(65) }],
      ['no name', 'name', { name: undefined }],
      ['a name of 201 characters', 'name', { name: 'x'.repeat(201) }],
      ['a blank category', 'category', { category: '   ' }],
      ['a null description', 'description', { description: null }],
      ['a negative initialStock', 'initialStock', { initialStock: -1 }],
      ['a fractional lowStockThreshold', 'lowStockThreshold', { lowStockThreshold: 1.5 }],
    ])('refuses %s with 400 naming %s, appending nothing', async (_, field, overrides) => {
      const before = await countEvents(api);
      const response = await api.request('POST', '/products', {
        token: admin,
        body: productBody(overrides),
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.type).toBe(problemType('validation'));
      const fields = (response.body.errors as Array<{ field: string }>).map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set([field]));
      expect(await countEvents(api)).toBe(before);
    });

    it('names the unknown field and says it should not exist', async () => {
      const response = await api.request('POST', '/products', {
        token: admin,
        body: productBody({ colour: 'blue' }),
      });
      expect(response.body.errors).toEqual([
        { field: 'colour', message: 'property colour should not exist' },
      ]);
    });

    it('refuses a SKU taken in another case with 409 conflict, appending nothing', async () => {
      const sku = uniqueSku();
      await createProduct(api, admin, { sku });
      const before = await countEvents(api);

      const response = await api.request('POST', '/products', {
        token: admin,
        body: productBody({ sku: sku.toLowerCase(), name: 'Another mug' }),
      });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problemType('conflict'),
        detail: `SKU ${sku} is already taken`,
      });
      expect(await countEvents(api)).toBe(before);
    });

    it('lets exactly one of 20 concurrent creations of one SKU win; the others get 409 conflict', async () => {
      const sku = uniqueSku();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api.request('POST', '/products', {
            token: admin,
            body: productBody({ sku, name: `Mug ${i}` }),
          }),
        ),
      );

      const created = responses.filter((r) => r.status === 201);
      const refused = responses.filter((r) => r.status !== 201);
      expect(created).toHaveLength(1);
      expect(refused.map((r) => [r.status, r.body.type])).toEqual(
        Array.from({ length: 19 }, () => [409, problemType('conflict')]),
      );
      const winner = created[0].body.productId;
      expect((await productCreatedEventsFor(sku)).map((e) => e.data.productId)).toEqual([winner]);
      expect((await streamOf(api, `unique-sku-${sku}`)).events).toEqual([
        { type: 'KeyClaimed', data: expect.objectContaining({ ownerId: winner }) },
      ]);
    });

    it('releases the SKU claim when the product cannot be appended, so the SKU stays usable', async () => {
      const sku = uniqueSku();
      failAppendsTo('product-');
      const failed = await api.request('POST', '/products', {
        token: admin,
        body: productBody({ sku }),
      });
      expect(failed.status).toBe(500);
      expect(failed.body.type).toBe(problemType('internal'));
      expect((await streamOf(api, `unique-sku-${sku}`)).events.map((e) => e.type)).toEqual([
        'KeyClaimed',
        'KeyReleased',
      ]);
      expect(await productCreatedEventsFor(sku)).toEqual([]);

      jest.restoreAllMocks();
      const retried = await api.request('POST', '/products', {
        token: admin,
        body: productBody({ sku }),
      });
      expect(retried.status).toBe(201);
    });

    describe('with an Idempotency-Key', () => {
      it('replays the first answer to a retry and appends nothing', async () => {
        const headers = { 'idempotency-key': randomUUID() };
        const body = productBody();
        const first = await api.request('POST', '/products', { token: admin, body, headers });
        expect(first.status).toBe(201);
        const before = await countEvents(api);

        const retry = await api.request('POST', '/products', { token: admin, body, headers });

        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(first.body);
        expect(await countEvents(api)).toBe(before);
      });

      it('refuses the same key with another body: 422, appending nothing', async () => {
        const headers = { 'idempotency-key': randomUUID() };
        const first = await api.request('POST', '/products', {
          token: admin,
          body: productBody(),
          headers,
        });
        expect(first.status).toBe(201);
        const before = await countEvents(api);

        const other = await api.request('POST', '/products', {
          token: admin,
          body: productBody(),
          headers,
        });

        expect(other.status).toBe(422);
        expect(other.body).toMatchObject({
          type: problemType('unprocessable'),
          errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
        });
        expect(await countEvents(api)).toBe(before);
      });

      it('creates once when concurrent requests carry one key, and gives each the same answer', async () => {
        const headers = { 'idempotency-key': randomUUID() };
        const body = productBody();
        const responses = await Promise.all(
          Array.from({ length: 5 }, () =>
            api.request('POST', '/products', { token: admin, body, headers }),
          ),
        );

        expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
        const productIds = new Set(responses.map((r) => r.body.productId));
        expect(productIds.size).toBe(1);
        expect(await productCreatedEventsFor(body.sku as string)).toHaveLength(1);
      });
    });
  });

  describe('PATCH /products/{id}', () => {
    it('records only the details that changed and answers with that position', async () => {
      const productId = await createProduct(api, admin, { name: 'Blue mug' });
      const response = await api.request('PATCH', `/products/${productId}`, {
        token: admin,
        body: { name: ' Big blue mug ', category: 'Kitchen' },
      });

      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(['position']);
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const product = await streamOf(api, `product-${productId}`);
      expect(product.events.at(-1)).toEqual({
        type: 'ProductDetailsUpdated',
        data: { productId, name: 'Big blue mug', updatedAt: expect.any(String) },
      });
      expect(product.last).toBe(response.body.position);
    });

    it('changes nothing for the current values and answers with the latest position', async () => {
      const productId = await createProduct(api, admin, { description: 'Round.' });
      const before = await streamOf(api, `product-${productId}`);
      const response = await api.request('PATCH', `/products/${productId}`, {
        token: admin,
        body: { description: 'Round.' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ position: before.last });
      expect(await streamOf(api, `product-${productId}`)).toEqual(before);
    });

    it('finds the product by its id in upper case too', async () => {
      const productId = await createProduct(api, admin);
      const response = await api.request('PATCH', `/products/${productId.toUpperCase()}`, {
        token: admin,
        body: { name: 'Shouted mug' },
      });
      expect(response.status).toBe(200);
    });

    it.each([
      ['an empty body', 'body', {}],
      ['a null name', 'name', { name: null }],
      ['a blank name', 'name', { name: '  ' }],
      ['a numeric category', 'category', { category: 7 }],
      ['an unknown field', 'priceCents', { priceCents: 5 }],
    ])('refuses %s with 400 naming %s, appending nothing', async (_, field, body) => {
      const productId = await createProduct(api, admin);
      const before = await countEvents(api);
      const response = await api.request('PATCH', `/products/${productId}`, {
        token: admin,
        body,
      });
      expectInvalidFields(response, [field]);
      expect(await countEvents(api)).toBe(before);
    });

    it('answers 404 for an unknown product and creates no stream', async () => {
      const productId = randomUUID();
      const response = await api.request('PATCH', `/products/${productId}`, {
        token: admin,
        body: { name: 'Ghost' },
      });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
      expect(await api.eventStore.readStream(`product-${productId}`)).toEqual([]);
    });

    it('answers 400 naming the id when it is not a UUID', async () => {
      const response = await api.request('PATCH', '/products/not-a-uuid', {
        token: admin,
        body: { name: 'Ghost' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });

    it('refuses a discontinued product with 409, appending nothing', async () => {
      const productId = await createProduct(api, admin);
      await api.request('POST', `/products/${productId}/discontinue`, { token: admin });
      const before = await streamOf(api, `product-${productId}`);

      const response = await api.request('PATCH', `/products/${productId}`, {
        token: admin,
        body: { name: 'Revived mug' },
      });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problemType('illegal-state'),
        detail: `product ${productId} is discontinued and cannot be updated`,
      });
      expect(await streamOf(api, `product-${productId}`)).toEqual(before);
    });
  });

  describe('PUT /products/{id}/price', () => {
    it('changes the price, recording the previous one', async () => {
      const productId = await createProduct(api, admin, { priceCents: 1299 });
      const response = await api.request('PUT', `/products/${productId}/price`, {
        token: admin,
        body: { priceCents: 999 },
      });

      expect(response.status).toBe(200);
      const product = await streamOf(api, `product-${productId}`);
      expect(product.events.at(-1)).toEqual({
        type: 'ProductPriceChanged',
        data: {
          productId,
          previousPriceCents: 1299,
          priceCents: 999,
          changedAt: expect.any(String),
        },
      });
      expect(response.body).toEqual({ position: product.last });
    });

    it('changes nothing for the current price', async () => {
      const productId = await createProduct(api, admin, { priceCents: 500 });
      const before = await streamOf(api, `product-${productId}`);
      const response = await api.request('PUT', `/products/${productId}/price`, {
        token: admin,
        body: { priceCents: 500 },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ position: before.last });
      expect(await streamOf(api, `product-${productId}`)).toEqual(before);
    });

    it.each([
      ['negative', { priceCents: -1 }, 'priceCents'],
      ['fractional', { priceCents: 9.99 }, 'priceCents'],
      ['a string', { priceCents: '999' }, 'priceCents'],
      ['missing', {}, 'priceCents'],
      ['beside an unknown field', { priceCents: 999, currency: 'EUR' }, 'currency'],
    ])('refuses a price that is %s with 400, appending nothing', async (_, body, field) => {
      const productId = await createProduct(api, admin);
      const before = await countEvents(api);
      const response = await api.request('PUT', `/products/${productId}/price`, {
        token: admin,
        body,
      });
      expectInvalidFields(response, [field]);
      expect(await countEvents(api)).toBe(before);
    });

    it('answers 404 for an unknown product', async () => {
      const response = await api.request('PUT', `/products/${randomUUID()}/price`, {
        token: admin,
        body: { priceCents: 999 },
      });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
    });

    it('refuses a discontinued product with 409, appending nothing', async () => {
      const productId = await createProduct(api, admin);
      await api.request('POST', `/products/${productId}/discontinue`, { token: admin });
      const before = await streamOf(api, `product-${productId}`);
      const response = await api.request('PUT', `/products/${productId}/price`, {
        token: admin,
        body: { priceCents: 1 },
      });
      expect(response.status).toBe(409);
      expect(response.body.type).toBe(problemType('illegal-state'));
      expect(await streamOf(api, `product-${productId}`)).toEqual(before);
    });
  });

  describe('POST /products/{id}/discontinue', () => {
    it('discontinues the product; doing it again changes nothing', async () => {
      const productId = await createProduct(api, admin);
      const response = await api.request('POST', `/products/${productId}/discontinue`, {
        token: admin,
      });

      expect(response.status).toBe(200);
      const product = await streamOf(api, `product-${productId}`);
      expect(product.events.at(-1)).toEqual({
        type: 'ProductDiscontinued',
        data: { productId, discontinuedAt: expect.any(String) },
      });
      expect(response.body).toEqual({ position: product.last });

      const again = await api.request('POST', `/products/${productId}/discontinue`, {
        token: admin,
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ position: product.last });
      expect(await streamOf(api, `product-${productId}`)).toEqual(product);
    });

    it('refuses a body with fields: 400 naming them', async () => {
      const productId = await createProduct(api, admin);
      const response = await api.request('POST', `/products/${productId}/discontinue`, {
        token: admin,
        body: { reason: 'out of fashion' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
      expect((await streamOf(api, `product-${productId}`)).events).toHaveLength(1);
    });

    it('answers 404 for an unknown product and 400 for an id that is no UUID', async () => {
      const unknown = await api.request('POST', `/products/${randomUUID()}/discontinue`, {
        token: admin,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.type).toBe(problemType('not-found'));

      const malformed = await api.request('POST', '/products/42/discontinue', { token: admin });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });

  describe('access', () => {
    const routes = (id: string): Array<[string, string, unknown]> => [
      ['POST', '/products', productBody()],
      ['PATCH', `/products/${id}`, { name: 'Renamed' }],
      ['PUT', `/products/${id}/price`, { priceCents: 1 }],
      ['POST', `/products/${id}/discontinue`, undefined],
    ];

    it('answers 401 without a valid token and 403 to a customer, changing nothing', async () => {
      const productId = await createProduct(api, admin);
      const forged = await accessTokenFor(
        { config: { jwtSecret: `another-secret-${randomUUID()}` } },
        { roles: ['admin'] },
      );
      const before = await countEvents(api);

      for (const [method, path, body] of routes(productId)) {
        const anonymous = await api.request(method, path, { body });
        expect([method, path, anonymous.status, anonymous.body.type]).toEqual([
          method,
          path,
          401,
          problemType('unauthorized'),
        ]);
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');

        const withForgedToken = await api.request(method, path, { body, token: forged });
        expect([method, path, withForgedToken.status]).toEqual([method, path, 401]);

        const asCustomer = await api.request(method, path, { body, token: customer });
        expect([method, path, asCustomer.status, asCustomer.body.type]).toEqual([
          method,
          path,
          403,
          problemType('forbidden'),
        ]);
      }
      expect(await countEvents(api)).toBe(before);
    });
  });
});
