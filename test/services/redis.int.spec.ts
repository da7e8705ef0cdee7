import Redis from 'ioredis';
import { redisKeyPrefix, services } from '../harness';

describe('Redis from the integration harness', () => {
  const prefix = redisKeyPrefix('harness-redis');
  let redis: Redis;
  let subscriber: Redis | undefined;

  // Fail fast instead of reconnecting forever when the server is not there.
  const options = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };

  beforeAll(() => {
    redis = new Redis(services().redisUrl, { ...options, keyPrefix: prefix });
    return redis.connect();
  });

  afterAll(async () => {
    try {
      // KEYS takes a pattern, so ioredis does not prefix it; DEL does prefix its keys.
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
    } finally {
      subscriber?.disconnect();
      redis.disconnect();
    }
  });

  it('stores a value with a TTL and expires it', async () => {
    await redis.set('idempotency', 'first-response', 'EX', 60);
    expect(await redis.get('idempotency')).toBe('first-response');
    const ttl = await redis.ttl('idempotency');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);

    await redis.set('lease', 'worker-1', 'PX', 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.get('lease')).toBeNull();
  });

  it('delivers a published message to a subscriber', async () => {
    subscriber = new Redis(services().redisUrl, options);
    const channel = `${prefix}positions`;
    await subscriber.subscribe(channel);
    const received = new Promise<string>((resolve) =>
      subscriber!.on('message', (from, message) => from === channel && resolve(message)),
    );

    const listeners = await redis.publish(channel, 'position:42');

    expect(listeners).toBe(1);
    await expect(received).resolves.toBe('position:42');
  });
});
