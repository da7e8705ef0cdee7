import { allProjections } from '../../projections';
import { stockRecordOpened } from './catalog.testing';
import { startSystem, type SystemUnderTest } from './system.testing';
import { accessTokenFor } from './tokens.testing';

describe('GET /projections and the read API operations routes', () => {
  let system: SystemUnderTest;
  let admin: string;

  beforeAll(async () => {
    system = await startSystem();
    admin = await accessTokenFor(system, { roles: ['admin'] });
  });
  afterAll(() => system?.close());

  it('shows every projection caught up with the head, for admins only', async () => {
    const created = await system.write('POST', '/products', {
      token: admin,
      body: { sku: 'OPS-1', name: 'Lamp', category: 'home', priceCents: 990, initialStock: 3 },
    });
    expect(created.status).toBe(201);
    // The last event is the stock record the inventory-opening manager opens after the product.
    const { position } = await stockRecordOpened(system, created.body.productId);
    await system.settle();

    const answer = await system.read('GET', '/projections', { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.body.map((p: { name: string }) => p.name)).toEqual([
      'analytics',
      'catalog',
      'inventory',
      'notifications',
      'orders',
      'users',
    ]);
    for (const projection of answer.body) {
      expect(projection).toMatchObject({
        version: allProjections.find((p) => p.name === projection.name)?.version,
        status: 'running',
        position,
        headPosition: position,
        lag: 0,
        lastError: null,
        parkedEvents: 0,
        rebuild: null,
        refusedBy: [],
      });
    }

    const customer = await accessTokenFor(system, { roles: ['customer'] });
    expect((await system.read('GET', '/projections', { token: customer })).status).toBe(403);
    expect((await system.read('GET', '/projections')).status).toBe(401);
  });

  it('reports as lag what the store holds after each checkpoint', async () => {
    const answer = await system.read('GET', '/projections', { token: admin });
    for (const projection of answer.body) {
      expect(projection.lag).toBe(
        await system.eventStore.countEventsAfter(projection.position ?? undefined),
      );
    }
  });

  it('serves health, metrics and the OpenAPI document of the read routes', async () => {
    const ready = await fetch(`${system.readBaseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${system.readBaseUrl}/metrics`)).text();
    expect(metrics).toContain('http_requests_total');
    const document = (await (await fetch(`${system.readBaseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/v1/products',
      '/api/v1/products/{id}',
      '/api/v1/categories',
      '/api/v1/orders',
      '/api/v1/orders/{id}',
      '/api/v1/users/me',
      '/api/v1/inventory',
      '/api/v1/inventory/{productId}',
      '/api/v1/notifications',
      '/api/v1/analytics/summary',
      '/api/v1/analytics/sales',
      '/api/v1/analytics/top-products',
      '/api/v1/projections',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });
});
