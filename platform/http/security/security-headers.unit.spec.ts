import { createHash } from 'node:crypto';
import { createFixtureApp, type FixtureApp } from '../testing/fixture-app.testing';
import { inlineStyleSources } from './security-headers';

/** Parses a Content-Security-Policy header into its directives. */
function directives(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name, sources]),
  );
}

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
      expect(directives(response.headers['content-security-policy'])).toEqual(
        new Map([
          ['default-src', ["'none'"]],
          ['base-uri', ["'none'"]],
          ['form-action', ["'none'"]],
          ['frame-ancestors', ["'none'"]],
        ]),
      );
      // Plain HTTP: HSTS is for whoever terminates TLS in front.
      expect(response.headers['strict-transport-security']).toBeUndefined();
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

      // No inline script: script-src 'self' would block it.
      const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      const styles = csp.get('style-src') ?? [];
      expect(styles.filter((s) => !s.startsWith("'sha256-"))).toEqual([
        "'self'",
        "'unsafe-hashes'",
      ]);
      const blocks = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      const attributes = [...page.body.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]);
      expect(blocks.length + attributes.length).toBeGreaterThan(0);
      const digest = (text: string) => createHash('sha256').update(text).digest('base64');
      const needed = new Set([...blocks, ...attributes].map((text) => `'sha256-${digest(text)}'`));
      expect(styles.slice(2).sort()).toEqual([...needed].sort());

      // Every resource the page refers to is on this server and is served.
      const references = [
        ...scripts.map((m) => {
          expect(m[2].trim()).toBe('');
          return /src="([^"]+)"/.exec(m[1])?.[1];
        }),
        ...[...page.body.matchAll(/<link[^>]*href="([^"]+)"/g)].map((m) => m[1]),
      ];
      for (const reference of references) {
        expect(reference).toMatch(/^\.\//);
        const url = new URL(reference as string, 'http://server/docs').pathname;
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
