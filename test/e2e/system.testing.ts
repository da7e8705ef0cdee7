import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Logger, pino } from 'pino';
import { type AppConfig, loadConfig } from '../../platform/config/config';
import { openRedisCoordination } from '../../platform/coordination/redis/redis-coordination';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { type HttpApp } from '../../platform/http';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { allProjections } from '../../projections';
import { migrateReadModels } from '../../projections/read-model-schema';
import { startProjectionWorker } from '../../projections/runtime/projection-worker';
import { waitUntilProjected } from '../../projections/test-support/wait-until-projected.testing';
import { createReadApi } from '../../read-api/main';
import { createWriteApi } from '../../write-side/main';
import { createTestDatabase, services } from '../harness';
import { type ManagerName, startAsyncHalf } from './async-half.testing';
import {
  type RequestOptions,
  send,
  type TestResponse,
  type WriteApiUnderTest,
} from './write-api.testing';

/**
 * The whole query path over real HTTP: write API, projection worker and read API in this
 * process, on a fresh Postgres database (events and read models) and the harness's Redis under
 * a key prefix of their own. Call in `beforeAll`; `close()` in `afterAll`.
 */
export type SystemUnderTest = Readonly<{
  write(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  read(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  writeApi: WriteApiUnderTest;
  readApp: HttpApp;
  readBaseUrl: string;
  eventStore: EventStore;
  db: Knex;
  config: AppConfig;
  /** Resolves once every projection has processed everything appended so far. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}>;

export type SystemOptions = Readonly<{
  /**
   * The process managers to run beside the APIs. By default only inventory-opening, which every
   * product needs for its stock record; suites that act out the saga's part themselves (confirm,
   * reject) would race the real saga. None (`[]`) for suites that write the managers' part of
   * the history themselves, stock records included.
   */
  processManagers?: readonly ManagerName[];
}>;

export async function startSystem(
  env: Record<string, string> = {},
  options: SystemOptions = {},
): Promise<SystemUnderTest> {
  const database = await createTestDatabase('system');
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: services().redisUrl,
    JWT_SECRET: `test-secret-${randomUUID()}-${randomUUID()}`,
    WRITE_API_PORT: '1',
    READ_API_PORT: '2',
    DATA_DIR: `/tmp/shopstream-e2e-${randomUUID()}`,
    ...env,
  });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const eventStore = createPostgresEventStore({ connectionString: database.url, poolSize: 10 });
  await eventStore.ensureSchema();
  const coordination = await openRedisCoordination(services().redisUrl, {
    keyPrefix: `test:${randomUUID()}:`,
  });
  const db = await openReadModelDb(config.database, { poolSize: 10 });
  await migrateReadModels(db);
  const worker = await startProjectionWorker({
    db,
    store: eventStore,
    coordination,
    logger,
    projections: allProjections,
    settings: { retryInitialMs: 20, retryMaxMs: 200 },
  });
  const managers = options.processManagers ?? ['inventory-opening'];
  const asyncHalf =
    managers.length > 0
      ? await startAsyncHalf({
          db,
          store: eventStore,
          coordination,
          logger,
          managers,
          reservationTtlSeconds: config.reservationTtlSeconds,
        })
      : undefined;
  const writeApp = await createWriteApi({
    config: { ...config, writeApiPort: 0 },
    logger,
    eventStore,
    coordination,
  });
  const readApp = await createReadApi({
    config: { ...config, readApiPort: 0 },
    logger,
    db,
    eventStore,
    coordination,
  });
  const writeBaseUrl = await writeApp.listen();
  const readBaseUrl = await readApp.listen();

  const writeApi: WriteApiUnderTest = {
    baseUrl: writeBaseUrl,
    app: writeApp,
    eventStore,
    config,
    request: (method, path, options = {}) => send(writeBaseUrl, method, path, options),
    close: async () => undefined,
  };

  return {
    write: writeApi.request,
    read: (method, path, options = {}) => send(readBaseUrl, method, path, options),
    writeApi,
    readApp,
    readBaseUrl,
    eventStore,
    db,
    config,
    settle: (timeoutMs = 20_000) =>
      waitUntilProjected(db, eventStore, { count: allProjections.length, timeoutMs }),
    async close() {
      await readApp.close();
      await writeApp.close();
      await asyncHalf?.stop();
      await worker.stop();
      await coordination.close();
      await db.destroy();
      await eventStore.close();
      await database.drop();
    },
  };
}
