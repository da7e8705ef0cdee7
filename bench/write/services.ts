import { Redis } from 'ioredis';
import { startLocalRedis } from '../../test/harness/local/redis';
import { finishRun, runDir } from '../../test/harness/runtime/cleanup';
import { type BenchServer, openBenchServer } from '../support/postgres-server';

/**
 * PostgreSQL and Redis for the write benchmark: DATABASE_URL / REDIS_URL when set, else private
 * servers (a durable PostgreSQL cluster, a non-persistent redis-server) stopped by `stop()`.
 */
export type WriteBenchServices = Readonly<{
  postgres: BenchServer;
  redisUrl: string;
  redisSource: 'REDIS_URL' | 'private redis-server';
  redisDetail: string;
  /** Commands the Redis server has processed so far (all clients: exact on a private server). */
  redisCommands(): Promise<number>;
  stop(): Promise<void>;
}>;

export async function openServices(options: { profile: boolean }): Promise<WriteBenchServices> {
  const postgres = await openBenchServer(options);
  let redis: Awaited<ReturnType<typeof startLocalRedis>> | undefined;
  try {
    const fromEnv = process.env.REDIS_URL;
    if (!fromEnv) redis = await startLocalRedis(runDir());
    const redisUrl = fromEnv ?? redis!.env.REDIS_URL;
    const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
    const version = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? 'unknown';
    return {
      postgres,
      redisUrl,
      redisSource: fromEnv ? 'REDIS_URL' : 'private redis-server',
      redisDetail: `redis ${version}`,
      async redisCommands() {
        const stats = await admin.info('stats');
        return Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? NaN);
      },
      async stop() {
        admin.disconnect();
        await stopAll(redis, postgres);
      },
    };
  } catch (error) {
    await stopAll(redis, postgres);
    throw error;
  }
}

/** Redis first: the private cluster's stop() ends the harness run (and kills what is left). */
async function stopAll(
  redis: Awaited<ReturnType<typeof startLocalRedis>> | undefined,
  postgres: BenchServer,
): Promise<void> {
  try {
    await redis?.stop();
  } finally {
    await postgres.stop();
    // Postgres from DATABASE_URL does not end the run the private redis-server opened.
    if (redis) finishRun();
  }
}
