import { randomUUID } from 'node:crypto';
import { expectProblem } from './accounts.testing';
import { stockRecordOpened, uniqueSku } from './catalog.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

type Product = {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  available: number;
  status: string;
  updatedAt: string;
};

describe('catalog read API (GET /products, /products/{id}, /categories)', () => {
  let system: SystemUnderTest;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem();
    admin = await accessTokenFor(system.writeApi, { roles: ['admin'] });
  });
  afterAll(() => system?.close());

  /** A category (and search words) no other test uses, so each test sees only its products. */
  const uniqueWord = (tag: string) =>
    `${tag}${randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 8)}`;

  /** POST /products as admin; returns the id and the position to read it back at. */
  async function create(fields: Record<string, unknown>) {
    const response = await system.write('POST', '/products', {
      token: admin,
      body: { sku: uniqueSku(), name: 'Mug', category: 'Kitchen', priceCents: 1000, ...fields },
    });
    expect(response.status).toBe(201);
    return {
      productId: response.body.productId as string,
      position: response.body.position as string,
    };
  }

  async function write(method: string, path: string, body?: unknown): Promise<string> {
    const response = await system.write(method, path, { token: admin, body });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.body.position as string;
  }

  const read = (path: string, position?: string) =>
    system.read('GET', path, { headers: position ? { 'x-min-position': position } : {} });

  async function list(query: Record<string, string | number | boolean>, position?: string) {
    const params = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    );
    const response = await read(`/products?${params}`, position);
    expect(response.status).toBe(200);
    return response.body as { items: Product[]; nextCursor: string | null };
  }

  describe('GET /products/{id}', () => {
    it('reads a product right after its creation with X-Min-Position, no token needed', async () => {
      const { productId, position } = await create({
        sku: 'read-me-1',
        name: 'Blue mug',
        description: 'Holds 450 ml of tea.',
        category: 'Kitchen',
        priceCents: 1299,
        initialStock: 40,
      });
      const response = await read(`/products/${productId}`, position);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-consistent')).toBe('true');
      expect(response.body).toEqual({
        productId,
        sku: 'READ-ME-1',
        name: 'Blue mug',
        description: 'Holds 450 ml of tea.',
        category: 'Kitchen',
        priceCents: 1299,
        // The opening stock, as ProductCreated carries it: no wait for the stock record.
        available: 40,
        status: 'active',
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      // The stock record, opened by the inventory-opening manager after the product, agrees.
      const opened = await stockRecordOpened(system, productId);
      expect((await read(`/products/${productId}`, opened.position)).body).toMatchObject({
        available: 40,
      });
    });

    it('follows details, price, stock and discontinuation', async () => {
      const { productId } = await create({ name: 'Old name', initialStock: 10 });
      await write('PATCH', `/products/${productId}`, { name: 'New name' });
      await write('PUT', `/products/${productId}/price`, { priceCents: 2500 });
      await write('POST', `/inventory/${productId}/adjust`, { delta: -4, reason: 'breakage' });
      const position = await write('POST', `/products/${productId}/discontinue`);

      const response = await read(`/products/${productId}`, position);
      expect(response.body).toMatchObject({
        name: 'New name',
        priceCents: 2500,
        available: 6,
        status: 'discontinued',
      });
    });

    it('is 404 for an unknown id and for one that is not a UUID', async () => {
      expectProblem(await read(`/products/${randomUUID()}`), 404, 'not-found');
      expectProblem(await read('/products/not-a-uuid'), 404, 'not-found');
    });
  });

  describe('GET /products', () => {
    it('walks every page with the cursor, each product once, in each sort order', async () => {
      const category = uniqueWord('walk');
      const made: { productId: string; name: string; priceCents: number }[] = [];
      let position = '';
      // Mixed case and equal prices: the name sort ignores case, and ties go by product id.
      for (const [name, priceCents] of [
        ['delta', 300],
        ['Alpha', 100],
        ['charlie', 300],
        ['Bravo', 200],
        ['echo', 300],
        ['Foxtrot', 50],
        ['golf', 200],
      ] as const) {
        const created = await create({ name, priceCents, category });
        made.push({ productId: created.productId, name, priceCents });
        position = created.position;
      }
      const byId = (a: { productId: string }, b: { productId: string }) =>
        a.productId < b.productId ? -1 : 1;
      const expected: Record<string, string[]> = {
        name: [...made]
          .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
          .map((p) => p.productId),
        price: [...made]
          .sort((a, b) => a.priceCents - b.priceCents || byId(a, b))
          .map((p) => p.productId),
        '-price': [...made]
          .sort((a, b) => b.priceCents - a.priceCents || byId(b, a))
          .map((p) => p.productId),
        newest: [...made].reverse().map((p) => p.productId),
      };

      for (const sort of ['name', 'price', '-price', 'newest']) {
        const walked: string[] = [];
        let cursor: string | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page: { items: Product[]; nextCursor: string | null } = await list(
            { category, sort, limit: 3, ...(cursor ? { cursor } : {}) },
            position,
          );
          walked.push(...page.items.map((item) => item.productId));
          cursor = page.nextCursor;
          if (cursor === null) break;
          expect(page.items).toHaveLength(3);
        }
        expect({ sort, walked }).toEqual({ sort, walked: expected[sort] });
      }
    });

    it('defaults to 20 items sorted by name', async () => {
      const category = uniqueWord('many');
      let position = '';
      for (let i = 0; i < 21; i++) {
        ({ position } = await create({ name: `Item ${String(i).padStart(2, '0')}`, category }));
      }
      const page = await list({ category }, position);
      expect(page.items).toHaveLength(20);
      expect(page.items[0].name).toBe('Item 00');
      expect(page.items[19].name).toBe('Item 19');
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('searches name and description, and filters by category, price and stock', async () => {
      const category = uniqueWord('filter');
      const [kettle, teapot, mugs, hose] = [
        await create({
          name: 'Electric kettle',
          description: 'Boils water for tea.',
          category,
          priceCents: 3999,
          initialStock: 3,
        }),
        await create({
          name: 'Brass teapot',
          description: 'Brews loose-leaf tea.',
          category,
          priceCents: 2999,
          initialStock: 7,
        }),
        await create({
          name: 'Stoneware mugs',
          description: 'A set of four.',
          category,
          priceCents: 2499,
          initialStock: 0,
        }),
        await create({
          name: 'Garden hose',
          description: 'Twenty metres.',
          category: `${category}-garden`,
          priceCents: 1999,
          initialStock: 1,
        }),
      ];
      // Stock filters need the stock records, which the manager opens after the products.
      for (const { productId } of [kettle, teapot, mugs, hose]) {
        await stockRecordOpened(system, productId);
      }
      const position = await system.eventStore.headPosition();
      const ids = async (query: Record<string, string | number | boolean>) =>
        (await list(query, position)).items.map((item) => item.productId);

      expect(await ids({ category })).toEqual([teapot, kettle, mugs].map((p) => p.productId));
      expect(await ids({ category, q: 'tea' })).toEqual([teapot, kettle].map((p) => p.productId));
      expect(await ids({ category, q: 'mug' })).toEqual([mugs.productId]);
      expect(await ids({ category, q: 'kettle', sort: 'price' })).toEqual([kettle.productId]);
      expect(await ids({ category, minPriceCents: 2500 })).toEqual(
        [teapot, kettle].map((p) => p.productId),
      );
      expect(await ids({ category, maxPriceCents: 2999, sort: '-price' })).toEqual(
        [teapot, mugs].map((p) => p.productId),
      );
      expect(await ids({ category, inStock: true })).toEqual(
        [teapot, kettle].map((p) => p.productId),
      );
      expect(await ids({ category, inStock: false })).toEqual([mugs.productId]);
      expect(await ids({ category: `${category}-garden` })).toEqual([hose.productId]);
      expect(await ids({ category, q: '   ' })).toHaveLength(3);
    });

    it('does not list a discontinued product', async () => {
      const category = uniqueWord('gone');
      const { productId } = await create({ category });
      const position = await write('POST', `/products/${productId}/discontinue`);
      expect((await list({ category }, position)).items).toEqual([]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['sort=bogus', 'sort'],
      ['minPriceCents=-1', 'minPriceCents'],
      ['minPriceCents=abc', 'minPriceCents'],
      ['minPriceCents=', 'minPriceCents'],
      ['maxPriceCents=1.5', 'maxPriceCents'],
      ['minPriceCents=500&maxPriceCents=499', 'maxPriceCents'],
      ['inStock=maybe', 'inStock'],
      ['inStock=1', 'inStock'],
      ['cursor=garbage', 'cursor'],
      ['category=a&category=b', 'category'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['color=red', 'color'],
    ])('is 400 naming the parameter for ?%s', async (query, field) => {
      expectProblem(await read(`/products?${query}`), 400, 'validation', [field]);
    });

    it('is 400 for a cursor of another sort or other filters, or a tampered one', async () => {
      const category = uniqueWord('cursor');
      await create({ category });
      const { position } = await create({ category });
      const { nextCursor } = await list({ category, limit: 1 }, position);
      expect(nextCursor).toEqual(expect.any(String));
      const cursor = nextCursor as string;
      expect((await list({ category, limit: 1, cursor })).items).toHaveLength(1);

      for (const query of [
        `sort=price&category=${category}`,
        `category=${category}-other`,
        `category=${category}&q=mug`,
      ]) {
        expectProblem(await read(`/products?${query}&cursor=${cursor}`), 400, 'validation', [
          'cursor',
        ]);
      }
      // Changed content under the original signature.
      const [payload, signature] = cursor.split('.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
      decoded.v[1] = "'; drop table catalog_products; --";
      const tampered = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
      expectProblem(
        await read(`/products?category=${category}&cursor=${tampered}`),
        400,
        'validation',
        ['cursor'],
      );
    });
  });

  describe('GET /categories', () => {
    it('counts the active products of each category', async () => {
      const [kitchen, garden] = [uniqueWord('kitchen'), uniqueWord('garden')];
      const { productId } = await create({ category: kitchen });
      await create({ category: kitchen });
      await create({ category: garden });
      const counts = async (position: string) => {
        const response = await read('/categories', position);
        expect(response.status).toBe(200);
        const all = response.body as { category: string; productCount: number }[];
        expect(all.map((c) => c.category)).toEqual([...all.map((c) => c.category)].sort());
        return all.filter((c) => c.category === kitchen || c.category === garden);
      };

      const { position } = await create({ category: garden });
      expect(await counts(position)).toEqual([
        { category: garden, productCount: 2 },
        { category: kitchen, productCount: 2 },
      ]);

      await write('PATCH', `/products/${productId}`, { category: garden });
      const discontinued = await write('POST', `/products/${productId}/discontinue`);
      expect(await counts(discontinued)).toEqual([
        { category: garden, productCount: 2 },
        { category: kitchen, productCount: 1 },
      ]);
    });
  });
});
