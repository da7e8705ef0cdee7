import { type AppConfig } from '../config/config';
import { openMemoryCoordination } from './memory/memory-coordination';
import { type Coordination, type CoordinationOptions } from './ports';
import { openRedisCoordination } from './redis/redis-coordination';

/**
 * Redis when REDIS_URL is set (verified with a PING, else a ConfigError naming it), otherwise
 * the in-process equivalents, which are right only while one process serves everything.
 */
export function openCoordination(
  config: Pick<AppConfig, 'redisUrl'> & Partial<Pick<AppConfig, 'redisKeyPrefix'>>,
  options: CoordinationOptions & { connectTimeoutMs?: number } = {},
): Promise<Coordination> {
  const withPrefix = { keyPrefix: config.redisKeyPrefix, ...options };
  return config.redisUrl
    ? openRedisCoordination(config.redisUrl, withPrefix)
    : Promise.resolve(openMemoryCoordination(withPrefix));
}
