import { randomUUID } from 'node:crypto';
import { CursorCodec } from '../../read-api/shared/cursor';
import { expectProblem } from './accounts.testing';
import { uniqueSku } from './catalog.testing';
import { type SystemUnderTest, startSystem } from './system.testing';
import { accessTokenFor } from './tokens.testing';

type Page = { items: { name: string }[]; nextCursor: string | null };

/**
 * Keyset cursors are signed by the read API and their values checked against their columns'
 * types: whatever a client sends as `cursor`, the answer is a page or a 400 naming `cursor`,
 * never a 500 from a value PostgreSQL cannot compare (issue 10, item 1).
 */
describe('keyset cursors of the read API', () => {
  let system: SystemUnderTest;
  let admin: string;
  const customerId = randomUUID();
  let customer: string;
  let category: string;
  /** The scope each products sort writes into its cursors, read from a real cursor. */
  const productScopes: Record<string, string> = {};

  beforeAll(async () => {
    system = await startSystem();
    admin = await accessTokenFor(system.writeApi, { roles: ['admin'] });
    customer = await accessTokenFor(system.writeApi, { userId: customerId, roles: ['customer'] });
    category = `cursors${randomUUID().slice(0, 8)}`;
    let position = '';
    for (const [name, priceCents] of [
      ['Apple', 300],
      ['Banana', 100],
      ['Cherry', 200],
    ] as const) {
      const response = await system.write('POST', '/products', {
        token: admin,
        body: { sku: uniqueSku(), name, category, priceCents, initialStock: 5 },
      });
      expect(response.status).toBe(201);
      position = response.body.position;
    }
    await system.settle();
    for (const sort of ['name', 'price', '-price', 'newest']) {
      const page = await listProducts(`sort=${sort}&limit=1`, position);
      productScopes[sort] = payloadOf(page.nextCursor as string).s;
    }
  });
  afterAll(() => system?.close());

  const read = (path: string, token?: string, position?: string) =>
    system.read('GET', path, { token, headers: position ? { 'x-min-position': position } : {} });

  async function listProducts(query: string, position?: string): Promise<Page> {
    const response = await read(`/products?category=${category}&${query}`, undefined, position);
    expect(response.status).toBe(200);
    return response.body as Page;
  }

  function payloadOf(cursor: string): { s: string; v: unknown[] } {
    return JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8'));
  }

  /** A cursor as the read API wrote them before they were signed: base64url JSON. */
  const unsigned = (scope: string, values: unknown[]) =>
    Buffer.from(JSON.stringify({ s: scope, v: values })).toString('base64url');

  /** A cursor signed with the server's own key: only the column checks stand in the way. */
  const signed = (scope: string, values: (string | number)[]) =>
    CursorCodec.fromSecret(Buffer.from(system.config.jwtSecret as string)).encode(scope, values);

  const NUL_ID = `${randomUUID()}\u0000`;
  const TIME = '2025-01-01T00:00:00.000Z';

  type Who = 'anyone' | 'customer' | 'admin';
  const tokenOf = (who: Who) =>
    who === 'customer' ? customer : who === 'admin' ? admin : undefined;

  /** Each input issue 10 lists: the list it is sent to, the scope it claims, its values. */
  it.each<[string, string, () => string, unknown[], Who]>([
    [
      '2^53-1 as a price',
      '/products?sort=price',
      () => productScopes.price,
      [2 ** 53 - 1, randomUUID()],
      'anyone',
    ],
    [
      '2^31 as a price',
      '/products?sort=-price',
      () => productScopes['-price'],
      [2 ** 31, randomUUID()],
      'anyone',
    ],
    [
      'a NUL in a name',
      '/products?sort=name',
      () => productScopes.name,
      ['a\u0000', randomUUID()],
      'anyone',
    ],
    [
      'year +275760',
      '/products?sort=newest',
      () => productScopes.newest,
      ['+275760-09-13T00:00:00.000Z', randomUUID()],
      'anyone',
    ],
    [
      'year -1',
      '/products?sort=newest',
      () => productScopes.newest,
      ['-000001-01-01T00:00:00.000Z', randomUUID()],
      'anyone',
    ],
    [
      'a NUL in an order id',
      '/orders?',
      () => `orders:${customerId}:*`,
      [TIME, NUL_ID],
      'customer',
    ],
    [
      'a NUL in a notification id',
      '/notifications?',
      () => `notifications:${customerId}`,
      [TIME, NUL_ID],
      'customer',
    ],
    ['a NUL in a SKU', '/inventory?', () => 'inventory:*', ['SKU\u0000', randomUUID()], 'admin'],
    ['a NUL in a product id', '/inventory?', () => 'inventory:*', ['SKU', NUL_ID], 'admin'],
  ])(
    'answers 400 naming cursor for %s (%s), unsigned or signed',
    async (_, route, scope, values, who) => {
      const withCategory = route.startsWith('/products') ? `&category=${category}` : '';
      for (const cursor of [
        unsigned(scope(), values),
        signed(scope(), values as (string | number)[]),
      ]) {
        const response = await read(
          `${route}${withCategory}&cursor=${encodeURIComponent(cursor)}`,
          tokenOf(who),
        );
        expectProblem(response, 400, 'validation', ['cursor']);
      }
    },
  );

  it('answers 400 for a cursor whose signature does not match its content', async () => {
    const genuine = (await listProducts('sort=price&limit=1')).nextCursor as string;
    const [, mac] = genuine.split('.');
    const forged = `${unsigned(productScopes.price, [1, randomUUID()])}.${mac}`;
    for (const cursor of [forged, `${genuine}x`, `${genuine}.${mac}`, genuine.split('.')[0]]) {
      const response = await read(`/products?category=${category}&sort=price&cursor=${cursor}`);
      expectProblem(response, 400, 'validation', ['cursor']);
    }
  });

  it('answers 400 for a cursor of one sort order replayed under another', async () => {
    const cursor = (await listProducts('sort=price&limit=1')).nextCursor as string;
    for (const sort of ['-price', 'name', 'newest']) {
      const response = await read(`/products?category=${category}&sort=${sort}&cursor=${cursor}`);
      expectProblem(response, 400, 'validation', ['cursor']);
    }
  });

  it('answers 400 for a cursor of one route replayed on another', async () => {
    const cursor = (await listProducts('sort=newest&limit=1')).nextCursor as string;
    for (const [path, token] of [
      ['/orders', customer],
      ['/notifications', customer],
      ['/inventory', admin],
    ] as const) {
      expectProblem(await read(`${path}?cursor=${cursor}`, token), 400, 'validation', ['cursor']);
    }
    const inventory = await read('/inventory?limit=1', admin);
    const next = inventory.headers.get('x-next-cursor') as string;
    expect(next).toEqual(expect.any(String));
    expectProblem(await read(`/products?cursor=${next}`), 400, 'validation', ['cursor']);
  });

  it('still walks every page of each sort with signed cursors', async () => {
    // Newest first is left out: products created within one millisecond tie on created_at.
    const expected = {
      name: ['Apple', 'Banana', 'Cherry'],
      price: ['Banana', 'Cherry', 'Apple'],
      '-price': ['Apple', 'Cherry', 'Banana'],
    };
    for (const [sort, names] of Object.entries(expected)) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await listProducts(query);
        seen.push(...page.items.map((item) => item.name));
        cursor = page.nextCursor;
      } while (cursor !== null && seen.length <= names.length);
      expect({ sort, seen }).toEqual({ sort, seen: names });
    }
  });
});
