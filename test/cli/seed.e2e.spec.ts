import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGeneratedAdmin } from '../../platform/auth/generated-admin';
import { send } from '../e2e/write-api.testing';
import { freePort } from '../harness/runtime/net';
import { type Apis, expectStatus, logIn } from '../saga/shop-client.testing';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';
import { runCli } from './run-cli.testing';
import { expectSeededShop, parseSeedSummary } from './seed-checks.testing';

/**
 * `shopstream seed` against `shopstream start` (what `npm start` runs) on a fresh DATA_DIR, with
 * no ADMIN_EMAIL: seed finds the admin that start generated, and everything it says it made is
 * then read back through the read API.
 */
describe('shopstream seed against npm start', () => {
  let dataDir: string;
  let shop: ShopstreamProcess | undefined;
  let env: Record<string, string>;
  let apis: Apis;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-seed-'));
    env = {
      DATA_DIR: dataDir,
      WRITE_API_PORT: String(await freePort()),
      READ_API_PORT: String(await freePort()),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // Two seed runs and this test all log in from 127.0.0.1: at the default 30 a minute the
      // second run would sit out the limit's window. Waiting on 429 is the client spec's job.
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    };
    apis = {
      write: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.WRITE_API_PORT}`, method, p, options),
      read: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.READ_API_PORT}`, method, p, options),
    };
    shop = await spawnShopstream(['start'], env);
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.READ_API_PORT}/health/ready`);
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.WRITE_API_PORT}/health/ready`);
  }, 120_000);
  afterAll(async () => {
    await shop?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes users with addresses, searchable products and orders in every state, as its summary says', async () => {
    const seeded = await runCli(['seed', '--users', '4', '--products', '8', '--orders', '12'], env);
    expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining('placing orders'),
    });
    const summary = parseSeedSummary(seeded.stdout);
    expect(summary.users).toBe(4);
    const admin = await readGeneratedAdmin(dataDir);
    expect(seeded.stdout).toContain(`admin: ${admin!.email}`);
    const adminToken = await logIn(apis, admin!.email, admin!.password);
    await expectSeededShop(apis, adminToken, summary);

    // The same --seed-value again: the same shop under new SKUs and emails, so nothing collides.
    const again = await runCli(['seed', '--users', '2', '--products', '8', '--orders', '0'], env);
    expect(again.code).toBe(0);
    const second = parseSeedSummary(again.stdout);
    expect(second.runTag).not.toBe(summary.runTag);
    expect(second.productsByCategory).toEqual(summary.productsByCategory);
    const categories = expectStatus(await apis.read('GET', '/categories'), 200).body as {
      category: string;
      productCount: number;
    }[];
    for (const [category, count] of summary.productsByCategory) {
      expect(categories.find((c) => c.category === category)?.productCount).toBe(2 * count);
    }
  }, 240_000);

  it('says in one line which URL does not answer, and how to start Shopstream', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const failed = await runCli(['seed', '--url', nowhere], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^shopstream: nothing answers at ${nowhere} .*\`npm start\``),
      ),
    ]);
  }, 120_000);
});
