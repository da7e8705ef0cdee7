import { createServer } from 'node:net';
import { ConfigError } from '../../config/config-error';
import { sleep, uniqueKey, uniquePrefix, waitFor } from '../contract/contract-helpers.testing';
import { describeCoordinationContract } from '../contract/coordination-contract.testing';
import { openCoordination } from '../open-coordination';
import { type Coordination } from '../ports';
import { openRedisCoordination } from './redis-coordination';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) throw new Error('REDIS_URL is not set: run this through the integration harness');

describeCoordinationContract('redis', (options) => openRedisCoordination(redisUrl, options));

describe('redis coordination', () => {
  const opened: Coordination[] = [];
  const open = async (keyPrefix: string) => {
    const coordination = await openCoordination({ redisUrl }, { keyPrefix, onError: () => {} });
    opened.push(coordination);
    return coordination;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  it('is what openCoordination picks with REDIS_URL', async () => {
    expect((await open(uniquePrefix())).kind).toBe('redis');
  });

  it('shares every port between connections with one prefix, as separate processes would', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [await open(prefix), await open(prefix)];
    const key = uniqueKey('shared');

    await expect(a.idempotency.begin(key, 'fp', 30)).resolves.toEqual({ state: 'started' });
    await expect(b.idempotency.begin(key, 'fp', 30)).resolves.toMatchObject({
      state: 'in-progress',
    });

    const policy = { limit: 1, windowSeconds: 60 };
    expect((await a.rateLimiter.hit(key, policy)).allowed).toBe(true);
    expect((await b.rateLimiter.hit(key, policy)).allowed).toBe(false);

    expect(await a.leases.acquire(key, 'a', 5000)).not.toBeNull();
    await expect(b.leases.acquire(key, 'b', 5000)).resolves.toBeNull();

    const received: string[] = [];
    await a.pubsub.subscribe(key, (m) => received.push(m));
    await b.pubsub.publish(key, '{"position":"7"}');
    await expect(waitFor(() => received[0])).resolves.toBe('{"position":"7"}');
  });

  it('refuses to start when Redis does not answer, naming REDIS_URL and not the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const attempt = openCoordination(
      { redisUrl: `redis://:hunter2@127.0.0.1:${port}` },
      { connectTimeoutMs: 1000 },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^REDIS_URL: cannot reach redis at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up after the connect timeout on a server that never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const attempt = openCoordination(
        { redisUrl: `redis://127.0.0.1:${port}` },
        { connectTimeoutMs: 300 },
      );
      await expect(attempt).rejects.toThrow(/^REDIS_URL: cannot reach redis at 127\.0\.0\.1:\d+: /);
    } finally {
      silent.close();
    }
  });

  it('closes cleanly, also with a live subscription', async () => {
    const coordination = await openCoordination({ redisUrl }, { keyPrefix: uniquePrefix() });
    await coordination.pubsub.subscribe('channel', () => {});
    await coordination.close();
    await expect(coordination.ping()).rejects.toThrow();
    await sleep(10);
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
