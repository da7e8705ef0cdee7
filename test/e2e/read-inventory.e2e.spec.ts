import { randomUUID } from 'node:crypto';
import { expectProblem } from './accounts.testing';
import { stockRecordOpened, uniqueSku } from './catalog.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

type Item = {
  productId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  lowStock: boolean;
  updatedAt: string;
};

describe('inventory read API (GET /inventory, /inventory/{productId})', () => {
  let system: SystemUnderTest;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    system = await startSystem();
    admin = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    customer = await accessTokenFor(system.writeApi, { roles: ['customer'] });
  });
  afterAll(() => system?.close());

  /**
   * POST /products as admin, then waits for the product's stock record, which the
   * inventory-opening manager opens after the product; returns the record's position, the one
   * to read the product's levels at.
   */
  async function create(fields: Record<string, unknown> = {}) {
    const response = await system.write('POST', '/products', {
      token: admin,
      body: { sku: uniqueSku(), name: 'Lamp', category: 'Home', priceCents: 4500, ...fields },
    });
    expect(response.status).toBe(201);
    const productId = response.body.productId as string;
    const opened = await stockRecordOpened(system, productId);
    return { productId, position: opened.position };
  }

  const read = (path: string, options: { token?: string; position?: string } = {}) =>
    system.read('GET', path, {
      token: options.token ?? admin,
      headers: options.position ? { 'x-min-position': options.position } : {},
    });

  it('is for admins only: 401 without a token, 403 for a customer', async () => {
    const { productId } = await create();
    for (const path of ['/inventory', '/inventory?lowStock=true', `/inventory/${productId}`]) {
      const anonymous = await system.read('GET', path);
      expectProblem(anonymous, 401, 'unauthorized');
      expectProblem(await read(path, { token: customer }), 403, 'forbidden');
    }
  });

  it("reads a new product's opening stock as soon as its stock record is open", async () => {
    const { productId, position } = await create({ sku: 'lamp-read-1', initialStock: 80 });
    const response = await read(`/inventory/${productId}`, { position });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-consistent')).toBe('true');
    expect(response.body).toEqual({
      productId,
      sku: 'LAMP-READ-1',
      onHand: 80,
      reserved: 0,
      available: 80,
      lowStockThreshold: 8,
      lowStock: false,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('lists a product as low once an adjustment takes it to its threshold', async () => {
    const { productId, position } = await create({ initialStock: 50, lowStockThreshold: 10 });
    const lowIds = async (lowStock: boolean, at: string) => {
      const response = await read(`/inventory?lowStock=${lowStock}`, { position: at });
      expect(response.status).toBe(200);
      const items = response.body as Item[];
      expect(items.every((item) => item.lowStock === lowStock)).toBe(true);
      expect(items.every((item) => item.available <= item.lowStockThreshold)).toBe(lowStock);
      return items.map((item) => item.productId);
    };
    expect(await lowIds(true, position)).not.toContain(productId);
    expect(await lowIds(false, position)).toContain(productId);

    const adjusted = await system.write('POST', `/inventory/${productId}/adjust`, {
      token: admin,
      body: { delta: -40, reason: 'water damage' },
    });
    expect(adjusted.status).toBe(200);
    const at = adjusted.body.position as string;
    expect(await lowIds(true, at)).toContain(productId);
    expect(await lowIds(false, at)).not.toContain(productId);
    expect((await read(`/inventory/${productId}`, { position: at })).body).toMatchObject({
      onHand: 10,
      available: 10,
      lowStock: true,
    });
  });

  it('lists every item once by SKU, in pages announced by headers', async () => {
    let position = '';
    for (let i = 0; i < 5; i++) ({ position } = await create());
    const all = await read('/inventory', { position });
    expect(all.status).toBe(200);
    expect(all.headers.get('x-next-cursor')).toBeNull();
    const everything = (all.body as Item[]).map((item) => item.sku);
    expect(everything.length).toBeGreaterThanOrEqual(5);
    expect(everything).toEqual([...everything].sort());

    const walked: string[] = [];
    let path: string | null = '/inventory?limit=2';
    for (let pages = 0; path !== null && pages < 100; pages++) {
      const response = await read(path);
      expect(response.status).toBe(200);
      walked.push(...(response.body as Item[]).map((item) => item.sku));
      const cursor = response.headers.get('x-next-cursor');
      const link = response.headers.get('link');
      if (cursor === null) {
        expect(link).toBeNull();
        path = null;
      } else {
        expect(link).toBe(`</api/v1/inventory?limit=2&cursor=${cursor}>; rel="next"`);
        path = `/inventory?limit=2&cursor=${cursor}`;
      }
    }
    expect(walked).toEqual(everything);
  });

  it('is 404 for a product without a stock record and for an id that is not a UUID', async () => {
    expectProblem(await read(`/inventory/${randomUUID()}`), 404, 'not-found');
    expectProblem(await read('/inventory/lamp'), 404, 'not-found');
  });

  it.each([
    ['lowStock=maybe', 'lowStock'],
    ['lowStock=', 'lowStock'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['sort=sku', 'sort'],
  ])('is 400 naming the parameter for ?%s', async (query, field) => {
    expectProblem(await read(`/inventory?${query}`), 400, 'validation', [field]);
  });

  it('is 400 for a cursor issued under another lowStock filter', async () => {
    await create();
    const { position } = await create();
    const first = await read('/inventory?limit=1', { position });
    const cursor = first.headers.get('x-next-cursor');
    expect(cursor).toEqual(expect.any(String));
    expectProblem(
      await read(`/inventory?limit=1&lowStock=false&cursor=${cursor}`),
      400,
      'validation',
      ['cursor'],
    );
  });
});
