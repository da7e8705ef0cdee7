import { API_POLICY, cspDirectives as directives, pageNeeds } from '../testing/csp.testing';
import { createFixtureApp, type FixtureApp } from '../testing/fixture-app.testing';
import { inlineStyleSources } from './security-headers';

describe('security headers', () => {
  let fixture: FixtureApp;
  beforeAll(async () => {
    fixture = await createFixtureApp();
  });
  afterAll(() => fixture.app.close());

  const get = (url: string) => fixture.app.nest.inject({ method: 'GET', url });

  describe.each([
    ['a JSON answer', '/api/v1/orders/o-1', 200],
    ['a problem answer', '/api/v1/errors/conflict', 409],
    ['an unknown route', '/api/v1/no/such/route', 404],
    ['the OpenAPI document', '/docs/openapi.json', 200],
    ['the metrics', '/metrics', 200],
  ])('on %s', (_, url, status) => {
    it('forbids sniffing, referrers, framing and loading anything', async () => {
      const response = await get(url);
      expect(response.statusCode).toBe(status);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(directives(response.headers['content-security-policy'])).toEqual(API_POLICY);
      // Plain HTTP: HSTS is for whoever terminates TLS in front.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });

    it("keeps helmet's other defaults (isolation, no cross-domain policies, no DNS prefetch)", async () => {
      const response = await get(url);
      expect(response.headers).toMatchObject({
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
    });
  });

  describe('on the Swagger UI page', () => {
    it('allows every script, stylesheet and inline style the page has, from this server only', async () => {
      const page = await get('/docs');
      expect(page.statusCode).toBe(200);
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');

      // No inline script (script-src 'self' blocks it), each inline style allowed by its hash.
      const needs = pageNeeds(page.body);
      expect(needs.inlineScripts).toEqual([]);
      expect(needs.inlineStyleHashes.length).toBeGreaterThan(0);
      const styles = csp.get('style-src') ?? [];
      expect(styles.slice(0, 2)).toEqual(["'self'", "'unsafe-hashes'"]);
      expect(styles.slice(2).sort()).toEqual(needs.inlineStyleHashes);

      // Every resource the page refers to is on this server and is served.
      expect(needs.references.length).toBeGreaterThan(0);
      for (const reference of needs.references) {
        expect(reference).toMatch(/^\.\//);
        const url = new URL(reference, 'http://server/docs').pathname;
        expect((await get(url)).statusCode).toBe(200);
      }
    });

    it('keeps the same policy on its other addresses', async () => {
      const pages = await Promise.all(['/docs', '/docs/'].map(get));
      expect(pages[1].headers['content-security-policy']).toBe(
        pages[0].headers['content-security-policy'],
      );
    });
  });
});

describe('inlineStyleSources', () => {
  it('hashes style blocks and attributes as CSP level 3 does (digests from openssl)', () => {
    const html =
      '<style>\n  body { margin: 0 }\n</style><svg style="position:absolute;width:0"></svg>' +
      '<style>\n  body { margin: 0 }\n</style>';
    expect(inlineStyleSources(html)).toEqual([
      "'unsafe-hashes'",
      "'sha256-4RRUD5P8pi3dilN8FafkfA2ROlYT5BPKNR5JNLIy68o='",
      "'sha256-b3Z2qzAxx6qphYMmhoemPFmIC4EhsAVyJNdiHYUo5+M='",
    ]);
  });

  it('asks for no attribute hashes when the page has no style attribute', () => {
    expect(inlineStyleSources('<p>plain</p>')).toEqual([]);
  });
});
