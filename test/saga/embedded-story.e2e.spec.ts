import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/runtime/net';
import { send } from '../e2e/write-api.testing';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';
import {
  type Apis,
  eventually,
  expectStatus,
  inventoryOf,
  logIn,
  newCustomer,
  newProduct,
  orderReaches,
  payAndShip,
  placeOrder,
} from './shop-client.testing';

/**
 * The same story on the embedded default: `shopstream start` (what `npm start` runs) with no
 * service configured — PGlite, the in-process bus, mail as .eml files — killed and started again.
 */
describe('orders move: npm start on the embedded default', () => {
  let dataDir: string;
  let shop: ShopstreamProcess | undefined;
  let env: Record<string, string>;
  let apis: Apis;
  const adminEmail = 'admin@example.test';
  const adminPassword = 'admin-passw0rd';

  const start = async () => {
    shop = await spawnShopstream(['start'], env);
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.READ_API_PORT}/health/ready`);
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.WRITE_API_PORT}/health/ready`);
  };
  const outbox = async () =>
    (await readdir(path.join(dataDir, 'outbox')).catch(() => [] as string[])).filter((file) =>
      file.endsWith('.eml'),
    );
  const outboxTimes = async () =>
    new Map(
      await Promise.all(
        (await outbox()).map(
          async (file) => [file, (await stat(path.join(dataDir, 'outbox', file))).mtimeMs] as const,
        ),
      ),
    );
  const mailsTo = async (address: string) => {
    const files = await outbox();
    const texts = await Promise.all(
      files.map((f) => readFile(path.join(dataDir, 'outbox', f), 'utf8')),
    );
    return texts.filter((text) => new RegExp(`^To: .*${address}`, 'mi').test(text));
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-embedded-'));
    env = {
      DATA_DIR: dataDir,
      WRITE_API_PORT: String(await freePort()),
      READ_API_PORT: String(await freePort()),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    };
    apis = {
      write: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.WRITE_API_PORT}`, method, p, options),
      read: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.READ_API_PORT}`, method, p, options),
    };
    await start();
  }, 120_000);
  afterAll(async () => {
    await shop?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes an order from placed to delivered, its mails in the outbox, and loses nothing to a SIGKILL', async () => {
    const admin = await logIn(apis, adminEmail, adminPassword);
    const customer = await newCustomer(apis, 'embedded');
    const productId = await newProduct(apis, admin, { stock: 5, name: 'Embedded mug' });
    const orderId = await placeOrder(apis, customer, [{ productId, quantity: 2 }]);
    await orderReaches(apis, customer.token, orderId, ['confirmed']);
    await payAndShip(apis, customer, admin, orderId);
    expectStatus(
      await apis.write('POST', `/orders/${orderId}/deliver`, { token: admin, body: {} }),
      200,
    );
    await orderReaches(apis, customer.token, orderId, ['delivered']);
    await eventually(
      'three mails in the outbox',
      async () => (await mailsTo(customer.email)).length === 3,
    );
    const mails = await mailsTo(customer.email);
    expect(mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort()).toEqual(
      [
        `Order ${orderId} has shipped`,
        `Order ${orderId} is confirmed`,
        expect.stringMatching(/^Welcome to Shopstream/),
      ].sort(),
    );
    await eventually('the shipped stock to leave on-hand', async () => {
      const stock = await inventoryOf(apis, admin, productId);
      return stock.onHand === 3 && stock.reserved === 0;
    });

    // A second order is placed, and the process dies at once: its saga resumes after the restart.
    const second = await placeOrder(apis, customer, [{ productId, quantity: 1 }]);
    const before = await outboxTimes();
    await shop!.stop('SIGKILL');
    await start();
    await orderReaches(apis, customer.token, second, ['confirmed']);
    await eventually(
      'the second confirmation mail',
      async () => (await mailsTo(customer.email)).length === 4,
    );
    // Nothing mailed twice: a resend would rewrite its file, so every earlier file is untouched,
    // and exactly one was added.
    const after = await outboxTimes();
    for (const [file, written] of before) expect(after.get(file)).toBe(written);
    expect(after.size - before.size).toBe(1);
    expect((await inventoryOf(apis, admin, productId)).reserved).toBe(1);
  }, 120_000);
});
