import path from 'node:path';
import { ConfigError } from './config-error';
import {
  bearerToken,
  brokers,
  email,
  type Env,
  optional,
  origins,
  port,
  positiveInt,
  proxyTrust,
  url,
} from './parse';

/**
 * The whole configuration, read once from the environment (SPEC.md, "Processes"). A missing
 * variable selects its embedded default; a bad one throws a ConfigError naming it.
 */
export type StoreConfig =
  | { kind: 'eventstoredb'; url: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string };

export type DatabaseConfig =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type AppConfig = Readonly<{
  dataDir: string;
  eventStore: StoreConfig;
  database: DatabaseConfig;
  kafkaBrokers?: string[];
  redisUrl?: string;
  /** Prepended to every Redis key and channel, so deployments can share one Redis. */
  redisKeyPrefix: string;
  smtpUrl?: string;
  writeApiPort: number;
  readApiPort: number;
  /** Health and metrics of `shopstream projections run` (it serves no API). */
  projectionsPort: number;
  /** Health and metrics of `shopstream relay run`. */
  relayPort: number;
  /** Health and metrics of `shopstream process-managers run`. */
  processManagersPort: number;
  /** Partitions of each integration topic the relay creates. */
  kafkaPartitions: number;
  /** Prepended to every integration topic (`shopstream.order`), so deployments can share Kafka. */
  kafkaTopicPrefix: string;
  /** The From of every mail. */
  mailFrom: string;
  admin?: { email: string; password: string };
  alertEmail?: string;
  jwtSecret?: string;
  reservationTtlSeconds: number;
  /** Browser origins allowed to call both APIs (CORS); empty: no CORS headers at all. */
  corsOrigins: readonly string[];
  /** Bearer token `/metrics` requires; unset, `/metrics` stays open. */
  metricsToken?: string;
  /**
   * Where a request's client address comes from (Fastify's `trustProxy`): false, the socket's
   * peer; true, the left-most X-Forwarded-For entry; N, the entry N proxies back.
   */
  trustProxy: boolean | number;
  /** Requests a minute one client address may send to each of register, login and refresh. */
  authRateLimitPerMinute: number;
  /** Age of the oldest in-flight write at which /health/ready says "degraded". */
  eventStoreStallSeconds: number;
}>;

export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = path.resolve(optional(env, 'DATA_DIR') ?? './.data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])?.toString();
  const eventStoreUrl = url(env, 'EVENTSTORE_URL', [
    'esdb:',
    'esdb+discover:',
    'kurrentdb:',
    'kdb:',
  ]);
  const database: DatabaseConfig = databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : { kind: 'pglite', dataDir };
  const eventStore: StoreConfig = eventStoreUrl
    ? { kind: 'eventstoredb', url: optional(env, 'EVENTSTORE_URL') as string }
    : database;

  const adminEmail = email(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    const missing = adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    throw new ConfigError(
      missing,
      'must be set together with the other of ADMIN_EMAIL/ADMIN_PASSWORD',
    );
  }

  const jwtSecret = optional(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
  }

  const writeApiPort = port(env, 'WRITE_API_PORT', 3000);
  const readApiPort = port(env, 'READ_API_PORT', 3001);
  if (writeApiPort === readApiPort) {
    throw new ConfigError('READ_API_PORT', `must differ from WRITE_API_PORT (both ${readApiPort})`);
  }
  const projectionsPort = port(env, 'PROJECTIONS_PORT', 3002);
  const relayPort = port(env, 'RELAY_PORT', 3003);
  const processManagersPort = port(env, 'PROCESS_MANAGERS_PORT', 3004);
  const kafkaTopicPrefix = optional(env, 'KAFKA_TOPIC_PREFIX') ?? 'shopstream.';
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(kafkaTopicPrefix)) {
    throw new ConfigError(
      'KAFKA_TOPIC_PREFIX',
      `may hold only letters, digits, ".", "_" and "-" (at most 200), got "${kafkaTopicPrefix}"`,
    );
  }
  const redisKeyPrefix = optional(env, 'REDIS_KEY_PREFIX') ?? 'shopstream:';
  if (!/^[A-Za-z0-9:._-]{1,100}$/.test(redisKeyPrefix)) {
    throw new ConfigError(
      'REDIS_KEY_PREFIX',
      `may hold only letters, digits, ":", ".", "_" and "-" (1 to 100), got "${redisKeyPrefix}"`,
    );
  }
  const mailFrom = optional(env, 'MAIL_FROM') ?? 'Shopstream <no-reply@shopstream.invalid>';
  if (!/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an address or "Name <address>", got "${mailFrom}"`);
  }

  return {
    dataDir,
    eventStore,
    database,
    kafkaBrokers: brokers(env, 'KAFKA_BROKERS'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'])?.toString(),
    redisKeyPrefix,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:'])?.toString(),
    writeApiPort,
    readApiPort,
    projectionsPort,
    relayPort,
    processManagersPort,
    kafkaPartitions: positiveInt(env, 'KAFKA_PARTITIONS', 3, 1000),
    kafkaTopicPrefix,
    mailFrom,
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    alertEmail: email(env, 'ALERT_EMAIL') ?? adminEmail,
    jwtSecret,
    reservationTtlSeconds: positiveInt(env, 'RESERVATION_TTL_SECONDS', 900, 30 * 24 * 3600),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    metricsToken: bearerToken(env, 'METRICS_TOKEN'),
    trustProxy: proxyTrust(env, 'TRUST_PROXY'),
    authRateLimitPerMinute: positiveInt(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30),
    eventStoreStallSeconds: positiveInt(env, 'EVENT_STORE_STALL_SECONDS', 10, 24 * 3600),
  };
}
