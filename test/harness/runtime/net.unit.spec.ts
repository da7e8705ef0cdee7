import { createServer, type Server } from 'node:net';
import { freePort, freePortBlock } from './net';

const worker = process.env.JEST_WORKER_ID;
afterEach(() => {
  process.env.JEST_WORKER_ID = worker;
});

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

test("each jest worker takes ports from a range of its own, below the kernel's ephemeral ports", async () => {
  process.env.JEST_WORKER_ID = '1';
  const first = await freePort();
  process.env.JEST_WORKER_ID = '2';
  const second = await freePort();
  expect(first).toBeGreaterThanOrEqual(14_000);
  expect(first).toBeLessThan(16_000);
  expect(second).toBeGreaterThanOrEqual(16_000);
  expect(second).toBeLessThan(18_000);
});

test('hands out a port in turn, not the one it just handed out, and skips a port in use', async () => {
  process.env.JEST_WORKER_ID = '3';
  const a = await freePort();
  const held = await listen(a + 1);
  try {
    const b = await freePort();
    expect(b).not.toBe(a);
    expect(b).not.toBe(a + 1);
  } finally {
    await new Promise((resolve) => held.close(resolve));
  }
});

test('a block is consecutive ports that all accept a listener', async () => {
  process.env.JEST_WORKER_ID = '4';
  const base = await freePortBlock(8);
  const servers = await Promise.all(Array.from({ length: 8 }, (_, i) => listen(base + i)));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  expect(base).toBeGreaterThanOrEqual(20_000);
});
