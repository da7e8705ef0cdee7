import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROBLEM_CONTENT_TYPE } from '../http/problems/problem-types';
import { createFixtureApp, type FixtureApp } from '../http/testing/fixture-app.testing';
import { AccessTokens } from './access-tokens';
import { loadOperationsAccess, operationsAccess } from './admin-access';
import { loadJwtSecret } from './jwt-secret';

const SECRET = 'operations-access-test-secret-0123456789';
const METRICS_TOKEN = 'scrape-me-0123456789abcdef';
const tokens = new AccessTokens({ secret: SECRET });
// Signing is asynchronous (jose), so tables hold a way to make the header, run in the test.
const tokenOf = async (roles: ('admin' | 'customer')[]) =>
  (await tokens.sign({ sub: 'u-1', roles })).token;
type Header = () => Promise<string | undefined>;

describe('operations access: who sees error texts and metrics', () => {
  let fixture: FixtureApp;
  let open: FixtureApp;
  beforeAll(async () => {
    const healthChecks = {
      database: () => Promise.reject(new Error('password authentication failed for user "shop"')),
    };
    fixture = await createFixtureApp({
      healthChecks,
      operationsAccess: operationsAccess({ metricsToken: METRICS_TOKEN }, tokens),
    });
    open = await createFixtureApp({
      healthChecks,
      operationsAccess: operationsAccess({}, tokens),
    });
  });
  afterAll(async () => {
    await fixture.app.close();
    await open.app.close();
  });

  const get = (app: FixtureApp, url: string, authorization?: string) =>
    app.app.nest.inject({
      method: 'GET',
      url,
      headers: authorization === undefined ? {} : { authorization },
    });

  describe('/health/ready', () => {
    it("shows the failed dependency's error text to an admin's access token", async () => {
      const response = await get(fixture, '/health/ready', `Bearer ${await tokenOf(['admin'])}`);
      expect(response.statusCode).toBe(503);
      expect(response.json().checks).toEqual({
        database: {
          status: 'down',
          durationMs: expect.any(Number),
          error: 'password authentication failed for user "shop"',
        },
      });
    });

    it.each<[string, Header]>([
      ['no token', async () => undefined],
      ["a customer's token", async () => `Bearer ${await tokenOf(['customer'])}`],
      [
        'a token with a forged signature',
        async () => `Bearer ${(await tokenOf(['admin'])).slice(0, -4)}AAAA`,
      ],
      ['an expired admin token', async () => `Bearer ${await expiredAdminToken()}`],
      ['the metrics token', async () => `Bearer ${METRICS_TOKEN}`],
      ['a malformed header', async () => 'Basic YWRtaW46YWRtaW4='],
    ])('shows only statuses to %s, still answering', async (_, authorization) => {
      const response = await get(fixture, '/health/ready', await authorization());
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(response.json().detail).toBe('Not ready: database unavailable.');
      expect(response.json().checks).toEqual({
        database: { status: 'down', durationMs: expect.any(Number) },
      });
    });

    it('keeps /health/live public', async () => {
      expect((await get(fixture, '/health/live')).statusCode).toBe(200);
    });
  });

  describe('/metrics with METRICS_TOKEN set', () => {
    it('answers the bearer of the token', async () => {
      const response = await get(fixture, '/metrics', `Bearer ${METRICS_TOKEN}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('process_resident_memory_bytes');
    });

    it.each<[string, Header]>([
      ['no token', async () => undefined],
      ['a wrong token', async () => 'Bearer scrape-me-0123456789abcdeX'],
      ['a prefix of the token', async () => `Bearer ${METRICS_TOKEN.slice(0, -1)}`],
      ['the token and more', async () => `Bearer ${METRICS_TOKEN}0`],
      ["an admin's access token", async () => `Bearer ${await tokenOf(['admin'])}`],
      ['the token without the scheme', async () => METRICS_TOKEN],
    ])('refuses %s with a 401 problem', async (_, authorization) => {
      const response = await get(fixture, '/metrics', await authorization());
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).not.toContain('process_resident_memory_bytes');
    });

    it('declares the token and the 401 in the OpenAPI document', async () => {
      const document = (await get(fixture, '/docs/openapi.json')).json();
      expect(document.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
      expect(document.paths['/metrics'].get.responses['401']).toBeDefined();
      expect(document.components.securitySchemes.metricsToken).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(document.paths['/health/ready'].get.security).toEqual([{}, { bearer: [] }]);
    });
  });

  describe('/metrics without METRICS_TOKEN', () => {
    it('stays open, and the document says so', async () => {
      expect((await get(open, '/metrics')).statusCode).toBe(200);
      const document = (await get(open, '/docs/openapi.json')).json();
      expect(document.paths['/metrics'].get.security).toEqual([]);
      expect(document.paths['/metrics'].get.responses['401']).toBeUndefined();
      expect(document.components.securitySchemes.metricsToken).toBeUndefined();
    });
  });
});

describe('loadOperationsAccess', () => {
  it('knows an admin by the key the APIs sign with, kept under DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'operations-access-'));
    try {
      const apiKey = (await loadJwtSecret({ dataDir })).key;
      const access = await loadOperationsAccess({ dataDir, metricsToken: METRICS_TOKEN });
      const apiTokens = new AccessTokens({ secret: apiKey });
      expect(access.metricsToken).toBe(METRICS_TOKEN);
      const signed = async (roles: ('admin' | 'customer')[]) =>
        (await apiTokens.sign({ sub: 'a', roles })).token;
      expect(await access.isAdmin(await signed(['admin']))).toBe(true);
      expect(await access.isAdmin(await signed(['customer']))).toBe(false);
      expect(await access.isAdmin(await tokenOf(['admin']))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function expiredAdminToken(): Promise<string> {
  const longAgo = new Date(Date.now() - 3600_000);
  const signed = await tokens.sign(
    { sub: 'u-1', roles: ['admin'] },
    { expiresInSeconds: 60, now: longAgo },
  );
  return signed.token;
}
