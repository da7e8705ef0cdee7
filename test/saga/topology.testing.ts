import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createTestDatabase, services, type TestDatabase } from '../harness';
import { freePort } from '../harness/runtime/net';
import { runCli } from '../cli/run-cli.testing';
import { type RequestOptions, send, type TestResponse } from '../e2e/write-api.testing';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';

export type ProcessName = 'write-api' | 'read-api' | 'projections' | 'relay' | 'process-managers';

const COMMANDS: Record<ProcessName, { args: string[]; portVariable: string }> = {
  'write-api': { args: ['write-api'], portVariable: 'WRITE_API_PORT' },
  'read-api': { args: ['read-api'], portVariable: 'READ_API_PORT' },
  projections: { args: ['projections', 'run'], portVariable: 'PROJECTIONS_PORT' },
  relay: { args: ['relay', 'run'], portVariable: 'RELAY_PORT' },
  'process-managers': { args: ['process-managers', 'run'], portVariable: 'PROCESS_MANAGERS_PORT' },
};

export const ADMIN_PASSWORD = 'admin-passw0rd';

export type TopologyOptions = Readonly<{
  /** Defaults to the harness's broker. */
  kafkaBrokers?: string;
  /** Defaults to the harness's SMTP sink. */
  smtpUrl?: string;
  /** Extra variables for every process (RESERVATION_TTL_SECONDS, …). */
  env?: Record<string, string>;
}>;

/**
 * The distributed topology as SPEC describes it: `shopstream write-api`, `read-api`,
 * `projections run`, `relay run` and `process-managers run`, each its own OS process built from
 * the current sources, on a fresh Postgres database, the harness's Redis (a key prefix of their
 * own), Kafka (a topic prefix of their own) and SMTP. Tests talk to it over HTTP only.
 */
export type Topology = Readonly<{
  env: Readonly<Record<string, string>>;
  databaseUrl: string;
  adminEmail: string;
  write(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  read(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  process(name: ProcessName): ShopstreamProcess;
  /** Stops one process (SIGTERM, or SIGKILL for a crash). */
  stop(name: ProcessName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again with the same settings, once it answers its health check. */
  start(name: ProcessName): Promise<void>;
  /** One more instance of a worker, beside the first (health on a port of its own). */
  startAnother(name: ProcessName): Promise<ShopstreamProcess>;
  close(): Promise<void>;
}>;

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const database: TestDatabase = await createTestDatabase('topology');
  const id = randomUUID().slice(0, 8);
  const ports = Object.fromEntries(
    await Promise.all(
      Object.values(COMMANDS).map(async ({ portVariable }) => [
        portVariable,
        String(await freePort()),
      ]),
    ),
  ) as Record<string, string>;
  const dataDir = `/tmp/shopstream-topology-${id}`;
  const adminEmail = `admin-${id}@example.test`;
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: services().redisUrl,
    REDIS_KEY_PREFIX: `test-${id}:`,
    KAFKA_BROKERS: options.kafkaBrokers ?? services().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: `t${id}.`,
    KAFKA_PARTITIONS: '3',
    SMTP_URL: options.smtpUrl ?? services().smtpUrl,
    JWT_SECRET: `topology-secret-${randomUUID()}`,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD,
    ALERT_EMAIL: `alerts-${id}@example.test`,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // The test client at 127.0.0.1 stands in for every customer of the story.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    ...ports,
    ...options.env,
  };
  const migrated = await runCli(['migrate'], env);
  if (migrated.code !== 0) throw new Error(`shopstream migrate failed:\n${migrated.stderr}`);

  const running = new Map<ProcessName, ShopstreamProcess>();
  const extras: ShopstreamProcess[] = [];
  const healthUrl = (name: ProcessName) =>
    `http://127.0.0.1:${env[COMMANDS[name].portVariable]}/health/ready`;
  const start = async (name: ProcessName) => {
    const started = await spawnShopstream(COMMANDS[name].args, env);
    running.set(name, started);
    await waitUntilAnswering(started, healthUrl(name));
  };
  const stop = async (name: ProcessName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    await running.get(name)?.stop(signal);
  };
  try {
    await Promise.all((Object.keys(COMMANDS) as ProcessName[]).map(start));
  } catch (error) {
    await Promise.all([...running.values()].map((p) => p.stop('SIGKILL')));
    await database.drop();
    throw error;
  }
  const base = (variable: string) => `http://127.0.0.1:${env[variable]}`;
  return {
    env,
    databaseUrl: database.url,
    adminEmail,
    write: (method, path, requestOptions = {}) =>
      send(base('WRITE_API_PORT'), method, path, requestOptions),
    read: (method, path, requestOptions = {}) =>
      send(base('READ_API_PORT'), method, path, requestOptions),
    process(name) {
      const found = running.get(name);
      if (!found) throw new Error(`${name} was never started`);
      return found;
    },
    stop,
    start,
    async startAnother(name) {
      const port = String(await freePort());
      const another = await spawnShopstream(COMMANDS[name].args, {
        ...env,
        [COMMANDS[name].portVariable]: port,
      });
      extras.push(another);
      await waitUntilAnswering(another, `http://127.0.0.1:${port}/health/ready`);
      return another;
    },
    async close() {
      await Promise.all([...running.values(), ...extras].map((p) => p.stop('SIGTERM')));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
