import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AccessTokens } from '../../platform/auth/access-tokens';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { PROBLEM_CONTENT_TYPE } from '../../platform/http/problems/problem-types';
import { createTestDatabase, type TestDatabase } from '../harness';
import { freePort } from '../harness/runtime/net';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';
import { runCli } from './run-cli.testing';

/**
 * Every process with a metrics endpoint, started as an operator starts it: `/metrics` behind
 * METRICS_TOKEN, and `/health/ready` public but showing the dependencies' error texts to an
 * admin only, the same in each. The outage is real: the process's database is dropped under it.
 */
const JWT_SECRET = `operations-endpoints-${randomUUID()}`;
const METRICS_TOKEN = `scrape-${randomUUID()}`;
const tokens = new AccessTokens({ secret: JWT_SECRET });
const bearer = async (roles: ('admin' | 'customer')[]) =>
  `Bearer ${(await tokens.sign({ sub: randomUUID(), roles })).token}`;

const PROCESSES: [string, string[], string][] = [
  ['write-api', ['write-api'], 'WRITE_API_PORT'],
  ['read-api', ['read-api'], 'READ_API_PORT'],
  ['projections run', ['projections', 'run'], 'PROJECTIONS_PORT'],
  ['relay run', ['relay', 'run'], 'RELAY_PORT'],
  ['process-managers run', ['process-managers', 'run'], 'PROCESS_MANAGERS_PORT'],
];

describe.each(PROCESSES)('shopstream %s', (name, args, portVariable) => {
  let database: TestDatabase;
  let dataDir: string;
  let running: ShopstreamProcess;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase(`ops_${name}`);
    const store = createPostgresEventStore({ connectionString: database.url, poolSize: 1 });
    await store.ensureSchema();
    await store.close();
    dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-ops-'));
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await spawnShopstream(args, {
      ...env,
      JWT_SECRET,
      METRICS_TOKEN,
      [portVariable]: String(port),
    });
    await waitUntilAnswering(running, `${base}/health/ready`);
  });
  afterAll(async () => {
    await running?.stop('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (route: string, authorization?: string) =>
    fetch(`${base}${route}`, { headers: authorization ? { authorization } : {} });

  it('serves /metrics only to the bearer of METRICS_TOKEN', async () => {
    for (const refused of [undefined, 'Bearer wrong-token-0123456789', await bearer(['admin'])]) {
      const response = await get('/metrics', refused);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    const scrape = await get('/metrics', `Bearer ${METRICS_TOKEN}`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('process_resident_memory_bytes');
  });

  it('keeps /health/ready public and shows why a dependency is down to an admin only', async () => {
    const healthy = await get('/health/ready');
    expect(healthy.status).toBe(200);

    await database.drop();
    let anyone: Response;
    for (;;) {
      anyone = await get('/health/ready');
      if (anyone.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const publicChecks = ((await anyone.json()) as { checks: Record<string, object> }).checks;
    const down = Object.entries(publicChecks).filter(
      ([, check]) => 'status' in check && check.status === 'down',
    );
    expect(down.length).toBeGreaterThan(0);
    for (const [, check] of Object.entries(publicChecks)) expect(check).not.toHaveProperty('error');

    const customer = await get('/health/ready', await bearer(['customer']));
    expect(JSON.stringify(await customer.json())).not.toContain('"error"');

    const admin = await get('/health/ready', await bearer(['admin']));
    expect(admin.status).toBe(503);
    const adminChecks = ((await admin.json()) as { checks: Record<string, { error?: string }> })
      .checks;
    for (const [check] of down) {
      expect(adminChecks[check].error).toEqual(expect.stringContaining(database.name));
    }
  });
});

describe('a secrets directory other users can read', () => {
  it('stops the process with one line naming the file and the chmod that fixes it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-secrets-'));
    try {
      const key = path.join(dataDir, 'secrets', 'jwt.key');
      mkdirSync(path.dirname(key), { mode: 0o700 });
      writeFileSync(key, 'k'.repeat(64), { mode: 0o644 });
      const result = await runCli(['write-api'], {
        DATA_DIR: dataDir,
        WRITE_API_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(
        `shopstream: DATA_DIR: permissions 0644 for ${key} are too open: other users could read the secrets; run chmod 600 ${key}`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a bad CORS_ORIGINS or METRICS_TOKEN', () => {
  it.each([
    [
      ['read-api'],
      { CORS_ORIGINS: 'https://shop.example.com/' },
      'shopstream: CORS_ORIGINS: "https://shop.example.com/" is not an origin; did you mean "https://shop.example.com"?',
    ],
    [
      ['relay', 'run'],
      { METRICS_TOKEN: 'secret' },
      'shopstream: METRICS_TOKEN: must be 16 to 512 visible ASCII characters',
    ],
  ])('stops `shopstream %j` with one line naming the variable', async (args, env, expected) => {
    const result = await runCli(args, { ...env, LOG_LEVEL: 'silent' });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(expected)).toBe(true);
  });
});
