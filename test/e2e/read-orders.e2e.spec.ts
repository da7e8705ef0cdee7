import { randomUUID } from 'node:crypto';
import { expectProblem } from './accounts.testing';
import {
  type TestProduct,
  type TestUser,
  confirmOrder,
  createProduct,
  registerUser,
} from './orders.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

type Placed = Readonly<{ orderId: string; position: string }>;

/** The parts of the read API's OpenAPI document these assertions look at. */
type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { parameters?: Array<{ name: string }>; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

describe('order history read API (GET /orders, GET /orders/{id})', () => {
  let system: SystemUnderTest;
  let alice: TestUser;
  let bob: TestUser;
  let adminToken: string;
  let mug: TestProduct;
  let tea: TestProduct;

  beforeAll(async () => {
    system = await startSystem();
    [alice, bob] = [await registerUser(system.writeApi), await registerUser(system.writeApi)];
    adminToken = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    mug = await createProduct(system.writeApi, { name: 'Mug', priceCents: 1299 });
    tea = await createProduct(system.writeApi, { name: 'Tea', priceCents: 450 });
  });
  afterAll(() => system?.close());

  /** POST /orders through the write API; the answer's position is what a client waits for. */
  async function place(
    customer: TestUser,
    lines: Array<{ product: TestProduct; quantity: number }> = [{ product: mug, quantity: 1 }],
  ): Promise<Placed> {
    const response = await system.write('POST', '/orders', {
      token: customer.token,
      body: {
        lines: lines.map(({ product, quantity }) => ({ productId: product.productId, quantity })),
        shippingAddressId: customer.addressId,
      },
    });
    expect(response.status).toBe(202);
    return { orderId: response.body.orderId, position: response.body.position };
  }

  /** The saga does this in step 5; until then the test confirms through the command path. */
  async function confirm(orderId: string): Promise<string> {
    const { position } = await confirmOrder(system.writeApi, orderId);
    return position!;
  }

  async function write(path: string, token: string, body: unknown = {}): Promise<string> {
    const response = await system.write('POST', path, { token, body });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.body.position as string;
  }

  const read = (path: string, token: string | undefined, position?: string) =>
    system.read('GET', path, {
      token,
      headers: position ? { 'x-min-position': position } : {},
    });

  /** Every page of a list, following nextCursor; fails on a page after the last or a loop. */
  async function walk(query: string, token: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      const response = await read(`/orders?${params}`, token);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...response.body.items.map((item: { orderId: string }) => item.orderId));
      cursor = response.body.nextCursor;
      if (cursor === null) return seen;
      expect(response.body.items).toHaveLength(limit);
    }
    throw new Error('pagination did not end');
  }

  it('shows a placed order to its owner once the projection has its position', async () => {
    const placed = await place(alice, [
      { product: mug, quantity: 2 },
      { product: tea, quantity: 1 },
    ]);

    const response = await read(`/orders/${placed.orderId}`, alice.token, placed.position);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-consistent')).toBe('true');
    expect(response.body).toEqual({
      orderId: placed.orderId,
      userId: alice.userId,
      status: 'pending',
      lines: [
        {
          productId: mug.productId,
          sku: mug.sku,
          name: 'Mug',
          quantity: 2,
          unitPriceCents: 1299,
          lineTotalCents: 2598,
        },
        {
          productId: tea.productId,
          sku: tea.sku,
          name: 'Tea',
          quantity: 1,
          unitPriceCents: 450,
          lineTotalCents: 450,
        },
      ],
      totalCents: 3048,
      shippingAddress: {
        addressId: alice.addressId,
        label: 'Home',
        line1: '1 Main St',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      history: [{ status: 'pending', at: response.body.createdAt }],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: response.body.createdAt,
    });
  });

  it('follows the order through its life cycle, timeline and reasons included', async () => {
    const shipped = await place(alice);
    await confirm(shipped.orderId);
    await write(`/orders/${shipped.orderId}/pay`, alice.token, { paymentReference: 'pay-1' });
    const shippedAt = await write(`/orders/${shipped.orderId}/ship`, adminToken, {
      trackingNumber: 'TRK-1',
    });
    const cancelled = await place(alice);
    await confirm(cancelled.orderId);
    const cancelledAt = await write(`/orders/${cancelled.orderId}/cancel`, alice.token, {
      reason: 'found it cheaper',
    });

    const first = await read(`/orders/${shipped.orderId}`, alice.token, shippedAt);
    expect(first.body.status).toBe('shipped');
    expect(first.body.history.map((entry: { status: string }) => entry.status)).toEqual([
      'pending',
      'confirmed',
      'paid',
      'shipped',
    ]);
    expect(first.body.updatedAt).toBe(first.body.history.at(-1).at);
    const second = await read(`/orders/${cancelled.orderId}`, alice.token, cancelledAt);
    expect(second.body.history.at(-1)).toEqual({
      status: 'cancelled',
      at: expect.any(String),
      reason: 'found it cheaper',
    });
  });

  it('pages through a customer’s orders newest first, each exactly once, with a status filter', async () => {
    const carol = await registerUser(system.writeApi);
    const placed: Placed[] = [];
    for (let i = 0; i < 7; i += 1) placed.push(await place(carol));
    let last = placed.at(-1)!.position;
    for (const { orderId } of placed.slice(0, 3)) last = await confirm(orderId);
    await read('/orders', carol.token, last);

    const all = await walk('', carol.token, 3);
    expect(all).toEqual(placed.map(({ orderId }) => orderId).reverse());
    expect(await walk('status=confirmed', carol.token, 2)).toEqual(
      placed
        .slice(0, 3)
        .map(({ orderId }) => orderId)
        .reverse(),
    );
    expect(await walk('status=pending', carol.token, 20)).toEqual(
      placed
        .slice(3)
        .map(({ orderId }) => orderId)
        .reverse(),
    );
    expect(await walk('status=delivered', carol.token, 20)).toEqual([]);

    const page = await read('/orders?limit=1', carol.token);
    expect(page.body.items[0]).toEqual({
      orderId: placed.at(-1)!.orderId,
      userId: carol.userId,
      status: 'pending',
      totalCents: 1299,
      itemCount: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('shows customers only their own orders and admins everyone’s', async () => {
    const ofAlice = await place(alice);
    const ofBob = await place(bob);
    await read('/orders', adminToken, ofBob.position);

    expect((await read(`/orders/${ofBob.orderId}`, bob.token)).status).toBe(200);
    expectProblem(await read(`/orders/${ofBob.orderId}`, alice.token), 404, 'not-found');
    expect((await read(`/orders/${ofBob.orderId}`, adminToken)).body.userId).toBe(bob.userId);

    const alicesList = await walk('', alice.token, 100);
    expect(alicesList).toContain(ofAlice.orderId);
    expect(alicesList).not.toContain(ofBob.orderId);
    expect(await walk(`userId=${alice.userId}`, alice.token, 100)).toEqual(alicesList);
    expectProblem(await read(`/orders?userId=${bob.userId}`, alice.token), 403, 'forbidden');

    const everyone = await walk('', adminToken, 100);
    expect(everyone).toEqual(expect.arrayContaining([ofAlice.orderId, ofBob.orderId]));
    expect(await walk(`userId=${bob.userId.toUpperCase()}`, adminToken, 100)).toEqual(
      await walk('', bob.token, 100),
    );
  });

  it('answers 404 for unknown and malformed order ids', async () => {
    expectProblem(await read(`/orders/${randomUUID()}`, adminToken), 404, 'not-found');
    expectProblem(await read('/orders/not-an-id', adminToken), 404, 'not-found');
    expectProblem(await read(`/orders/${randomUUID()}x`, alice.token), 404, 'not-found');
  });

  it('needs a bearer token', async () => {
    expectProblem(await read('/orders', undefined), 401, 'unauthorized');
    expectProblem(await read(`/orders/${randomUUID()}`, undefined), 401, 'unauthorized');
    expectProblem(await read('/orders', 'not-a-token'), 401, 'unauthorized');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=2.5', 'limit'],
    ['status=lost', 'status'],
    ['status=pending&status=paid', 'status'],
    ['userId=alice', 'userId'],
    ['cursor=garbage', 'cursor'],
    [`cursor=${Buffer.from('{"s":"orders","v":[1,2]}').toString('base64url')}`, 'cursor'],
    ['sort=price', 'sort'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    expectProblem(await read(`/orders?${query}`, adminToken), 400, 'validation', [field]);
  });

  it('refuses a cursor from another filter or a tampered one', async () => {
    for (let i = 0; i < 3; i += 1) await place(bob);
    const last = (await place(bob)).position;
    const page = await read('/orders?limit=1', bob.token, last);
    const cursor = page.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));

    expect((await read(`/orders?limit=1&cursor=${cursor}`, bob.token)).status).toBe(200);
    expectProblem(
      await read(`/orders?limit=1&status=pending&cursor=${cursor}`, bob.token),
      400,
      'validation',
      ['cursor'],
    );
    expectProblem(await read(`/orders?cursor=${cursor}`, adminToken), 400, 'validation', [
      'cursor',
    ]);
    // Changed content under the original signature.
    const [payload, signature] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${Buffer.from(
      JSON.stringify({ ...decoded, v: ['yesterday', decoded.v[1]] }),
    ).toString('base64url')}.${signature}`;
    expectProblem(await read(`/orders?cursor=${tampered}`, bob.token), 400, 'validation', [
      'cursor',
    ]);
  });

  it('documents both routes, their filters and answers in the OpenAPI document', async () => {
    const document = (await (
      await fetch(`${system.readBaseUrl}/docs/openapi.json`)
    ).json()) as OpenApiDocument;
    const list = document.paths['/api/v1/orders'].get;
    const one = document.paths['/api/v1/orders/{id}'].get;
    expect((list.parameters ?? []).map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'userId', 'limit', 'cursor', 'X-Min-Position']),
    );
    expect(Object.keys(list.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403']),
    );
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(Object.keys(document.components.schemas.OrderDetailResponse.properties)).toEqual([
      'orderId',
      'userId',
      'status',
      'lines',
      'totalCents',
      'shippingAddress',
      'history',
      'createdAt',
      'updatedAt',
    ]);
  });
});
