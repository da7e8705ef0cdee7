import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import pino from 'pino';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from '../../platform/auth/password-hash';
import { loadConfig } from '../../platform/config/config';
import { openRedisCoordination } from '../../platform/coordination/redis/redis-coordination';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { createLogger } from '../../platform/observability/logger';
import { createWriteApi } from '../../write-side/main';

/** What a benchmark child serves, and what it can tell about itself between windows. */
export type ServerUnderTest = Readonly<{
  url: string;
  /** Queries sent through its pg pool so far (one round trip each). */
  pgQueries(): number;
  close(): Promise<void>;
}>;

export type WriteApiSpec = Readonly<{
  kind: 'write-api';
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  poolSize: number;
}>;

/**
 * The write API as `shopstream write-api` builds it (createWriteApi, the Postgres event store,
 * Redis coordination, info-level JSON logs), with two differences a benchmark needs: the
 * store's pool is opened here so its queries can be counted, and the log lines go to
 * /dev/null (still formatted, and written asynchronously as production writes stdout).
 */
export async function startWriteApiServer(spec: WriteApiSpec): Promise<ServerUnderTest> {
  const pool = new Pool({
    connectionString: spec.databaseUrl,
    max: spec.poolSize,
    application_name: 'shopstream-event-store',
  });
  let queries = 0;
  pool.on('acquire', () => queries++);
  const eventStore = createPostgresEventStore({ pool });
  await eventStore.ensureSchema();
  const coordination = await openRedisCoordination(spec.redisUrl, {
    keyPrefix: `bench:${randomUUID()}:`,
  });
  const config = loadConfig({
    DATABASE_URL: spec.databaseUrl,
    REDIS_URL: spec.redisUrl,
    JWT_SECRET: spec.jwtSecret,
    DATA_DIR: path.join(os.tmpdir(), `shopstream-bench-${randomUUID()}`),
  });
  const logger = createLogger({
    name: 'write-api',
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const app = await createWriteApi({
    config: { ...config, writeApiPort: 0 },
    logger,
    eventStore,
    coordination,
    // One load generator stands in for many clients, and the register rows measure hashing
    // throughput under load, not how fast a full hash queue refuses.
    settings: { authRequestsPerClientPerMinute: 1_000_000, passwordHashMaxWaiting: 1024 },
  });
  const url = (await app.listen()).replace('0.0.0.0', '127.0.0.1');
  return {
    url,
    pgQueries: () => queries,
    async close() {
      await app.close();
      await coordination.close();
      await eventStore.close();
      await pool.end();
    },
  };
}

/**
 * Bench-only, for the labelled variant that shows the registration path without most of its
 * hash: hashPassword reads its default parameters at each call, so changing them in this child
 * process changes every later registration here, and nothing anywhere else.
 */
export function setScryptCost(N: number): void {
  (DEFAULT_SCRYPT_PARAMS as { -readonly [K in keyof ScryptParams]: number }).N = N;
}
