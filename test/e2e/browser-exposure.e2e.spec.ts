import { API_POLICY, cspDirectives, pageNeeds } from '../../platform/http/testing/csp.testing';
import { type SystemUnderTest, startSystem } from './system.testing';

/**
 * What a browser sees of both APIs: security headers on JSON answers and on the Swagger UI
 * page, and CORS for the configured origins only (item 8 and 9 of step 6).
 */
const APP_ORIGIN = 'https://shop.example.com';
const OTHER_ORIGIN = 'https://attacker.example.net';
const API_HEADERS = 'authorization,content-type,idempotency-key,x-min-position,x-correlation-id';

type Api = Readonly<{
  name: string;
  baseUrl: (system: SystemUnderTest) => string;
  /** A JSON route of this API, as a browser app would call it. */
  jsonRoute: { method: string; path: string; body?: string };
}>;

const APIS: Api[] = [
  {
    name: 'write API',
    baseUrl: (system) => system.writeApi.baseUrl,
    jsonRoute: { method: 'POST', path: '/api/v1/auth/login', body: '{"email":"x"}' },
  },
  {
    name: 'read API',
    baseUrl: (system) => system.readBaseUrl,
    jsonRoute: { method: 'GET', path: '/api/v1/categories' },
  },
];

const accessControlHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('both APIs in a browser', () => {
  let system: SystemUnderTest;
  beforeAll(async () => {
    system = await startSystem({ CORS_ORIGINS: `http://localhost:5173,${APP_ORIGIN}` });
  });
  afterAll(() => system.close());

  describe.each(APIS)('the $name', ({ baseUrl, jsonRoute }) => {
    const call = (method: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl(system)}${path}`, { method, headers });
    const callJsonRoute = (headers: Record<string, string> = {}) =>
      fetch(`${baseUrl(system)}${jsonRoute.path}`, {
        method: jsonRoute.method,
        headers: { 'content-type': 'application/json', ...headers },
        body: jsonRoute.body,
      });

    it('sends nosniff, no referrer and a policy that loads nothing on a JSON answer', async () => {
      const response = await callJsonRoute();
      expect(response.status).toBeLessThan(404);
      expect(response.headers.get('content-type')).toMatch(/json/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(cspDirectives(response.headers.get('content-security-policy'))).toEqual(API_POLICY);
    });

    it('gives its Swagger UI page what it loads and no more, and lets no one frame it', async () => {
      const page = await call('GET', '/docs');
      expect(page.status).toBe(200);
      const csp = cspDirectives(page.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      const needs = pageNeeds(await page.text());
      expect(needs.inlineScripts).toEqual([]);
      expect((csp.get('style-src') ?? []).filter((s) => s.startsWith("'sha256-")).sort()).toEqual(
        needs.inlineStyleHashes,
      );
      for (const reference of needs.references) {
        const asset = await call('GET', new URL(reference, 'http://api/docs').pathname);
        expect(asset.status).toBe(200);
      }
    });

    it('answers a preflight from the configured origin', async () => {
      const response = await call('OPTIONS', jsonRoute.path, {
        origin: APP_ORIGIN,
        'access-control-request-method': jsonRoute.method,
        'access-control-request-headers': API_HEADERS,
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain(jsonRoute.method);
      const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const header of API_HEADERS.split(',')) expect(allowed).toContain(header);
    });

    it('gives any other origin no Access-Control-* header', async () => {
      const preflight = await call('OPTIONS', jsonRoute.path, {
        origin: OTHER_ORIGIN,
        'access-control-request-method': jsonRoute.method,
        'access-control-request-headers': API_HEADERS,
      });
      expect(accessControlHeaders(preflight)).toEqual([]);
      const answer = await callJsonRoute({ origin: OTHER_ORIGIN });
      expect(answer.status).toBeLessThan(404);
      expect(accessControlHeaders(answer)).toEqual([]);
    });
  });

  it('lets the app read X-Position of a write and X-Consistent of a read', async () => {
    const registered = await system.write('POST', '/auth/register', {
      body: { email: `cors-${Date.now()}@example.com`, password: 'passw0rd1', name: 'Cors' },
      headers: { origin: APP_ORIGIN },
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(registered.headers.get('access-control-expose-headers')).toContain('X-Position');

    const position = registered.headers.get('x-position') ?? '';
    const read = await system.read('GET', '/categories', {
      headers: { origin: APP_ORIGIN, 'x-min-position': position },
    });
    expect(read.headers.get('x-consistent')).toBe('true');
    expect(read.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(read.headers.get('access-control-expose-headers')).toContain('X-Consistent');
  });
});
