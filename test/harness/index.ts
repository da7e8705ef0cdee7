import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICE_ENV, SMTP_SINK_ENV } from './service';

export { type PrivateKafka, startPrivateKafka } from './kafka/private-kafka';
export { localKafkaUnavailableReason } from './local/kafka-broker';

export {
  type InboxMessage,
  type InboxSummary,
  type SinkInbox,
  inboxUnavailableReason,
  itWithInbox,
  sinkInbox,
} from './inbox';

export interface ServiceUrls {
  databaseUrl: string;
  redisUrl: string;
  /** Comma-separated host:port list, as in KAFKA_BROKERS. */
  kafkaBrokers: string;
  smtpUrl: string;
  /** Mailpit-compatible API of the SMTP sink; undefined when SMTP_URL came without one. */
  smtpSinkUrl: string | undefined;
}

/** The service URLs the integration harness published (global-setup.ts). */
export function services(): ServiceUrls {
  const missing = Object.values(SERVICE_ENV).filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set: the integration harness did not run. Run integration tests ` +
        'with `npx jest --selectProjects integration` (its globalSetup is test/harness/global-setup.ts).',
    );
  }
  return {
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: process.env.REDIS_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!,
    smtpUrl: process.env.SMTP_URL!,
    smtpSinkUrl: process.env[SMTP_SINK_ENV] || undefined,
  };
}

/** kafkajs wants an array. */
export function kafkaBrokers(): string[] {
  return services()
    .kafkaBrokers.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

/** A short random suffix that keeps parallel workers (and reruns) apart. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  /** DATABASE_URL with the database swapped for this one. */
  url: string;
  /** Drops the database, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database in the harness's Postgres, so test files running in parallel never
 * see each other's tables. Call drop() in afterAll.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const adminUrl = services().databaseUrl;
  const cleanPrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 40);
  const name = `${cleanPrefix}_${uniqueSuffix()}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A topic name no other test (or earlier run) uses; Kafka allows [a-zA-Z0-9._-], 249 chars. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 180)}-${uniqueSuffix()}`;
}

/** A consumer group id that no other test uses. */
export function uniqueGroupId(prefix = 'test'): string {
  return `${prefix}-group-${uniqueSuffix()}`;
}

/**
 * A key prefix for one test file's Redis keys (the Redis is shared by parallel workers), e.g.
 * `test:idempotency:lq3k2x9a1b2c3d4:`. Also usable as ioredis' `keyPrefix` option.
 */
export function redisKeyPrefix(prefix = 'test'): string {
  return `test:${prefix}:${uniqueSuffix()}:`;
}
