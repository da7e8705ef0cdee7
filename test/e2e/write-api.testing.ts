import { randomUUID } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { type AppConfig, loadConfig } from '../../platform/config/config';
import { openRedisCoordination } from '../../platform/coordination/redis/redis-coordination';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { type HttpApp } from '../../platform/http';
import { type WriteSideSettings, createWriteApi } from '../../write-side/main';
import { type Knex } from 'knex';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { migrateReadModels } from '../../projections/read-model-schema';
import { createTestDatabase, services, type TestDatabase } from '../harness';
import { type AsyncHalf, type ManagerName, startAsyncHalf } from './async-half.testing';

/**
 * A write API over real HTTP for e2e tests: its own fresh Postgres database for events, the
 * harness's Redis under a unique key prefix, a JWT secret of its own and an ephemeral port.
 * Call inside `beforeAll`; `close()` in `afterAll`.
 */
export type WriteApiUnderTest = Readonly<{
  baseUrl: string;
  app: HttpApp;
  eventStore: EventStore;
  config: AppConfig;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}>;

export type RequestOptions = Readonly<{
  body?: unknown;
  /** Sent as raw text instead of JSON. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}>;

export type TestResponse = Readonly<{
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}>;

export type WriteApiOptions = Readonly<{
  /**
   * Process managers to run beside the write API (on the in-process bus in its database), for
   * suites that need their reactions: 'inventory-opening' opens new products' stock records.
   */
  processManagers?: readonly ManagerName[];
  /** Overrides of the write side's settings (hash queue bounds, login limits). */
  settings?: Partial<WriteSideSettings>;
}>;

export async function startWriteApi(
  env: Record<string, string> = {},
  options: WriteApiOptions = {},
): Promise<WriteApiUnderTest> {
  const database: TestDatabase = await createTestDatabase('write_api');
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: services().redisUrl,
    JWT_SECRET: `test-secret-${randomUUID()}-${randomUUID()}`,
    WRITE_API_PORT: '1',
    DATA_DIR: `/tmp/shopstream-e2e-${randomUUID()}`,
    // Every test request comes from 127.0.0.1, standing in for many clients; the suites of the
    // per-address limits set their own.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const logger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const eventStore = createPostgresEventStore({ connectionString: database.url, poolSize: 10 });
  await eventStore.ensureSchema();
  const coordination = await openRedisCoordination(services().redisUrl, {
    keyPrefix: `test:${randomUUID()}:`,
  });
  let db: Knex | undefined;
  let asyncHalf: AsyncHalf | undefined;
  if (options.processManagers?.length) {
    db = await openReadModelDb(config.database, { poolSize: 4 });
    await migrateReadModels(db);
    asyncHalf = await startAsyncHalf({
      db,
      store: eventStore,
      coordination,
      logger,
      managers: options.processManagers,
    });
  }
  const app = await createWriteApi({
    config: { ...config, writeApiPort: 0 },
    logger,
    eventStore,
    coordination,
    settings: options.settings,
  });
  const baseUrl = await app.listen();

  return {
    baseUrl,
    app,
    eventStore,
    config,
    request: (method, path, options = {}) => send(baseUrl, method, path, options),
    async close() {
      await app.close();
      await asyncHalf?.stop();
      await db?.destroy();
      await coordination.close();
      await eventStore.close();
      await database.drop();
    },
  };
}

/** One request to an API's `/api/v1` routes, as the e2e helpers send them. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions,
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
