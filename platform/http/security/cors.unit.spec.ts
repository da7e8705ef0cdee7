import { createFixtureApp, type FixtureApp } from '../testing/fixture-app.testing';

const ALLOWED = 'https://shop.example.com';
const REFUSED = 'https://evil.example.net';
const API_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-min-position',
  'x-correlation-id',
];

function accessControlHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

describe('CORS', () => {
  let fixture: FixtureApp;
  beforeAll(async () => {
    fixture = await createFixtureApp({ corsOrigins: ['http://localhost:5173', ALLOWED] });
  });
  afterAll(() => fixture.app.close());

  const preflight = (origin: string, method = 'POST') =>
    fixture.app.nest.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': API_REQUEST_HEADERS.join(','),
      },
    });

  it('answers a preflight from a configured origin with the methods and headers the API uses', async () => {
    const response = await preflight(ALLOWED);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    const allowedHeaders = String(response.headers['access-control-allow-headers'])
      .toLowerCase()
      .split(/,\s*/);
    expect(allowedHeaders).toEqual(expect.arrayContaining(API_REQUEST_HEADERS));
    expect(String(response.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    );
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.headers.vary).toMatch(/Origin/);
  });

  it('lets the configured origin read the headers its answers carry', async () => {
    const response = await fixture.app.nest.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { origin: ALLOWED },
      payload: { lines: [{ productId: 'p', quantity: 1 }], shippingAddressId: 'a' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(response.headers['access-control-expose-headers']).split(/,\s*/)).toEqual(
      expect.arrayContaining(['X-Position', 'X-Consistent', 'Retry-After', 'Location']),
    );
    expect(response.headers['x-position']).toBe('42');
  });

  it.each([
    ['another site', REFUSED],
    ['a configured host on another scheme', 'http://shop.example.com'],
    ['a configured host on another port', 'https://shop.example.com:8443'],
    ['a sandboxed page', 'null'],
  ])('gives %s no Access-Control-* header, preflight or not', async (_, origin) => {
    const refusedPreflight = await preflight(origin);
    expect(accessControlHeaders(refusedPreflight.headers)).toEqual([]);

    const refusedRead = await fixture.app.nest.inject({
      method: 'GET',
      url: '/api/v1/orders/o-1',
      headers: { origin },
    });
    expect(refusedRead.statusCode).toBe(200);
    expect(accessControlHeaders(refusedRead.headers)).toEqual([]);
  });

  it('answers an incomplete preflight from a configured origin without a text/plain error', async () => {
    const response = await fixture.app.nest.inject({
      method: 'OPTIONS',
      url: '/api/v1/orders',
      headers: { origin: ALLOWED },
    });
    expect(response.headers['content-type'] ?? '').not.toMatch(/^text\/plain/);
  });

  it('sends no CORS header at all when no origin is configured', async () => {
    const closed = await createFixtureApp();
    try {
      const response = await closed.app.nest.inject({
        method: 'OPTIONS',
        url: '/api/v1/orders',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(accessControlHeaders(response.headers)).toEqual([]);
    } finally {
      await closed.app.close();
    }
  });
});
