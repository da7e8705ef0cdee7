import { PROBLEM_BASE_URI, PROBLEM_CONTENT_TYPE } from './problems/problem-types';
import { createFixtureApp, type FixtureApp } from './testing/fixture-app.testing';

/** The operational endpoints every process serves: health, metrics, docs. */
const ADMIN_TOKEN = 'an-admin-token';

describe('operational endpoints', () => {
  let fixture: FixtureApp;
  let redisUp = true;
  beforeAll(async () => {
    fixture = await createFixtureApp({
      healthChecks: {
        eventStore: async () => undefined,
        redis: async () => {
          if (!redisUp) throw new Error('connect ECONNREFUSED redis://:s3cret@cache:6379');
        },
        kafka: () => (redisUp ? Promise.resolve() : new Promise(() => undefined)),
      },
      healthCheckTimeoutMs: 50,
      operationsAccess: { isAdmin: (token) => Promise.resolve(token === ADMIN_TOKEN) },
    });
  });
  afterAll(() => fixture.app.close());

  const get = (url: string) => fixture.app.nest.inject({ method: 'GET', url });

  describe('health', () => {
    it('answers live without touching dependencies', async () => {
      redisUp = false;
      const response = await get('/health/live');
      redisUp = true;
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('answers ready with each check when all pass', async () => {
      const response = await get('/health/ready');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        checks: {
          eventStore: { status: 'ok', durationMs: expect.any(Number) },
          redis: { status: 'ok', durationMs: expect.any(Number) },
          kafka: { status: 'ok', durationMs: expect.any(Number) },
        },
      });
    });

    it('answers 503 problem+json naming the failed and the hung dependencies', async () => {
      redisUp = false;
      const response = await get('/health/ready');
      redisUp = true;
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(response.json()).toMatchObject({
        type: `${PROBLEM_BASE_URI}service-unavailable`,
        status: 503,
        detail: 'Not ready: redis, kafka unavailable.',
        checks: {
          eventStore: { status: 'ok' },
          redis: { status: 'down' },
          kafka: { status: 'down' },
        },
      });
    });

    it('shows the error texts, passwords redacted, to an admin only', async () => {
      redisUp = false;
      const anyone = await get('/health/ready');
      const admin = await fixture.app.nest.inject({
        method: 'GET',
        url: '/health/ready',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      redisUp = true;
      expect(anyone.body).not.toContain('ECONNREFUSED');
      expect(anyone.body).not.toContain('timed out');
      expect(admin.statusCode).toBe(503);
      expect(admin.json().checks).toMatchObject({
        redis: { status: 'down', error: 'connect ECONNREFUSED redis://:***@cache:6379' },
        kafka: { status: 'down', error: 'timed out after 50 ms' },
      });
      expect(admin.body).not.toContain('s3cret');
    });

    it('stays outside the API prefix', async () => {
      expect((await get('/api/v1/health/live')).statusCode).toBe(404);
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text labelled by route pattern, not raw URL', async () => {
      await get('/api/v1/orders/o-123');
      await get('/api/v1/orders/o-456');
      await get('/api/v1/no/such/route/9');
      const response = await get('/metrics');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = response.body;
      expect(text).toContain(
        'http_requests_total{method="GET",route="/api/v1/orders/:id",status="200",service="fixture-api"} 2',
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/orders\/:id",status="200"\} 2/,
      );
      expect(text).toContain('route="unmatched",status="404"');
      expect(text).not.toContain('o-123');
      expect(text).not.toContain('/no/such');
      expect(text).toContain('process_resident_memory_bytes');
    });

    it('includes metrics the API registered itself', async () => {
      await fixture.app.nest.inject({
        method: 'POST',
        url: '/api/v1/orders',
        payload: { lines: [{ productId: 'p', quantity: 1 }], shippingAddressId: 'a' },
      });
      expect((await get('/metrics')).body).toMatch(/fixture_orders_placed_total\{[^}]*\} [1-9]/);
    });
  });

  describe('docs', () => {
    it('serves Swagger UI and its assets', async () => {
      const page = await get('/docs');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('Swagger UI');
      const asset = await get('/docs/swagger-ui-bundle.js');
      expect(asset.statusCode).toBe(200);
    });

    it('serves the OpenAPI 3 document with the ProblemDetails schema and bearer auth', async () => {
      const response = await get('/docs/openapi.json');
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info.title).toBe('fixture-api');
      expect(document.components.securitySchemes.bearer).toEqual({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      expect(document.components.schemas.ProblemDetails).toMatchObject({
        required: ['type', 'title', 'status', 'detail'],
        properties: { errors: { items: { $ref: '#/components/schemas/FieldError' } } },
      });
      expect(document.components.schemas.ProblemDetails.description).toContain(
        `${PROBLEM_BASE_URI}concurrency`,
      );

      const placeOrder = document.paths['/api/v1/orders'].post;
      expect(placeOrder.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(placeOrder.responses)).toEqual(
        expect.arrayContaining(['400', '401', '422']),
      );
      expect(placeOrder.responses['422'].content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      });
      expect(placeOrder.requestBody.content['application/json'].schema.$ref).toBe(
        '#/components/schemas/PlaceOrderDto',
      );
      const login = document.paths['/api/v1/login'].post;
      expect(login.responses['429'].headers['Retry-After']).toBeDefined();
      expect(document.paths['/health/ready']).toBeDefined();
    });
  });

  describe('while draining', () => {
    it('refuses new requests with a 503 problem that closes the connection', async () => {
      const draining = await createFixtureApp();
      const closing = draining.app.close();
      const response = await draining.app.nest.inject({ method: 'GET', url: '/health/live' });
      await closing;
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(response.headers.connection).toBe('close');
      expect(response.json().type).toBe(`${PROBLEM_BASE_URI}service-unavailable`);
    });
  });
});
