import { type Knex } from 'knex';
import { type AppConfig } from '../config/config';
import { openMemoryCoordination } from './memory/memory-coordination';
import { type Coordination, type CoordinationOptions } from './ports';
import { PostgresLeaseManager } from './postgres/postgres-lease-manager';
import { openRedisCoordination } from './redis/redis-coordination';

export type OpenCoordinationOptions = CoordinationOptions & {
  connectTimeoutMs?: number;
  /**
   * The Postgres read-model database (DATABASE_URL). Without REDIS_URL, leases live there, so two
   * processes sharing it never both run one projection, the relay or a rebuild. Leave it out on
   * the embedded PGlite: one process holds it, and in-process leases are enough.
   */
  leaseDatabase?: Knex;
};

/**
 * Redis when REDIS_URL is set (verified with a PING, else a ConfigError naming it), otherwise
 * the in-process equivalents, which are right only while one process serves everything, with
 * leases in `leaseDatabase` when one is given.
 */
export async function openCoordination(
  config: Pick<AppConfig, 'redisUrl'> & Partial<Pick<AppConfig, 'redisKeyPrefix'>>,
  options: OpenCoordinationOptions = {},
): Promise<Coordination> {
  const { leaseDatabase, ...rest } = options;
  const withPrefix = { keyPrefix: config.redisKeyPrefix, ...rest };
  if (config.redisUrl) return openRedisCoordination(config.redisUrl, withPrefix);
  const inProcess = openMemoryCoordination(withPrefix);
  return leaseDatabase
    ? { ...inProcess, leases: new PostgresLeaseManager(leaseDatabase) }
    : inProcess;
}
