import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_KEY_PREFIX, reportUnhandled } from '../defaults';
import { type Coordination, type CoordinationOptions } from '../ports';
import { closeRedis, connectRedis } from './redis-connection';
import { RedisIdempotencyStore } from './redis-idempotency-store';
import { RedisLeaseManager } from './redis-lease-manager';
import { RedisPubSub } from './redis-pubsub';
import { RedisRateLimiter } from './redis-rate-limiter';

/**
 * Every coordination port on one Redis (plus a second connection once something subscribes).
 * Throws a ConfigError naming REDIS_URL when the server does not answer at start.
 */
export async function openRedisCoordination(
  url: string,
  options: CoordinationOptions & { connectTimeoutMs?: number } = {},
): Promise<Coordination> {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const onError = options.onError ?? reportUnhandled;
  const redis = await connectRedis(url, {
    timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    onError,
  });
  const pubsub = new RedisPubSub(redis, prefix, onError);
  return {
    kind: 'redis',
    idempotency: new RedisIdempotencyStore(redis, prefix),
    rateLimiter: new RedisRateLimiter(redis, prefix),
    leases: new RedisLeaseManager(redis, prefix),
    pubsub,
    async ping() {
      await redis.ping();
    },
    async close() {
      await pubsub.close();
      await closeRedis(redis);
    },
  };
}
