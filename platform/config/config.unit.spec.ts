import path from 'node:path';
import { loadConfig } from './config';
import { ConfigError } from './config-error';
import { redact } from './parse';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('selects the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    const dataDir = path.resolve('.data');
    expect(config).toEqual({
      dataDir,
      eventStore: { kind: 'pglite', dataDir },
      database: { kind: 'pglite', dataDir },
      kafkaBrokers: undefined,
      redisUrl: undefined,
      redisKeyPrefix: 'shopstream:',
      smtpUrl: undefined,
      writeApiPort: 3000,
      readApiPort: 3001,
      projectionsPort: 3002,
      relayPort: 3003,
      processManagersPort: 3004,
      kafkaPartitions: 3,
      kafkaTopicPrefix: 'shopstream.',
      mailFrom: 'Shopstream <no-reply@shopstream.invalid>',
      admin: undefined,
      alertEmail: undefined,
      jwtSecret: undefined,
      reservationTtlSeconds: 900,
      corsOrigins: [],
      metricsToken: undefined,
      trustProxy: false,
      authRateLimitPerMinute: 30,
      eventStoreStallSeconds: 10,
    });
  });

  it('keeps events in DATABASE_URL Postgres unless EVENTSTORE_URL is set', () => {
    const pg = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/shop' });
    expect(pg.eventStore).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/shop' });
    const esdb = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/shop',
      EVENTSTORE_URL: 'esdb://es:2113?tls=false',
    });
    expect(esdb.eventStore).toEqual({ kind: 'eventstoredb', url: 'esdb://es:2113?tls=false' });
    expect(esdb.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/shop' });
  });

  it('reads every service and option', () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtp://user:pass@mail:1025',
      WRITE_API_PORT: '8080',
      READ_API_PORT: '8081',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'secret123',
      RESERVATION_TTL_SECONDS: '60',
      EVENT_STORE_STALL_SECONDS: '30',
    });
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.smtpUrl).toBe('smtp://user:pass@mail:1025');
    expect([config.writeApiPort, config.readApiPort]).toEqual([8080, 8081]);
    expect(config.admin).toEqual({ email: 'admin@example.com', password: 'secret123' });
    expect(config.alertEmail).toBe('admin@example.com');
    expect(config.reservationTtlSeconds).toBe(60);
    expect(config.eventStoreStallSeconds).toBe(30);
  });

  it.each([
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: is not a valid URL: "not a url"'],
    [{ DATABASE_URL: 'mysql://db/shop' }, 'DATABASE_URL: must use postgres:// or postgresql://'],
    [{ EVENTSTORE_URL: 'http://es:2113' }, 'EVENTSTORE_URL: must use esdb://'],
    [{ REDIS_URL: 'redis//oops' }, 'REDIS_URL: is not a valid URL'],
    [
      { KAFKA_BROKERS: 'k1:9092,k2' },
      'KAFKA_BROKERS: must be comma-separated host:port pairs, got "k2"',
    ],
    [{ SMTP_URL: 'smtp://user:hunter2@' }, 'SMTP_URL: '],
    [
      { WRITE_API_PORT: 'http' },
      'WRITE_API_PORT: must be a TCP port between 1 and 65535, got "http"',
    ],
    [{ READ_API_PORT: '70000' }, 'READ_API_PORT: must be a TCP port'],
    [
      { WRITE_API_PORT: '4000', READ_API_PORT: '4000' },
      'READ_API_PORT: must differ from WRITE_API_PORT',
    ],
    [{ ADMIN_EMAIL: 'admin' }, 'ADMIN_EMAIL: is not an email address'],
    [{ ADMIN_EMAIL: 'admin@example.com' }, 'ADMIN_PASSWORD: must be set together'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET: must be at least 32 characters long'],
    [{ RESERVATION_TTL_SECONDS: '-5' }, 'RESERVATION_TTL_SECONDS: must be a whole number'],
    [{ RESERVATION_TTL_SECONDS: '1.5' }, 'RESERVATION_TTL_SECONDS: must be a whole number'],
    [{ EVENT_STORE_STALL_SECONDS: '0' }, 'EVENT_STORE_STALL_SECONDS: must be a whole number'],
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = failure(env);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('never prints a password from a URL', () => {
    expect(failure({ DATABASE_URL: 'postgres://u:hunter2@' })).not.toContain('hunter2');
  });
});

describe('redact', () => {
  it('hides passwords in URLs, also with an empty user part', () => {
    expect(redact('connect redis://:pw@cache:6379 and postgres://u:secret@db/x failed')).toBe(
      'connect redis://:***@cache:6379 and postgres://u:***@db/x failed',
    );
  });
});

describe('loadConfig: the asynchronous half', () => {
  it('reads the relay, process-manager, Kafka and mail settings', () => {
    const config = loadConfig({
      RELAY_PORT: '4003',
      PROCESS_MANAGERS_PORT: '4004',
      KAFKA_PARTITIONS: '12',
      KAFKA_TOPIC_PREFIX: 'shop-eu.',
      MAIL_FROM: 'Shop <orders@shop.example>',
      REDIS_KEY_PREFIX: 'shop-eu:',
    });
    expect(config).toMatchObject({
      relayPort: 4003,
      processManagersPort: 4004,
      kafkaPartitions: 12,
      kafkaTopicPrefix: 'shop-eu.',
      mailFrom: 'Shop <orders@shop.example>',
      redisKeyPrefix: 'shop-eu:',
    });
  });

  it.each([
    [{ KAFKA_PARTITIONS: '0' }, 'KAFKA_PARTITIONS: must be a whole number between 1 and 1000'],
    [{ KAFKA_TOPIC_PREFIX: 'a b' }, 'KAFKA_TOPIC_PREFIX: may hold only letters'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM: must be an address'],
    [{ RELAY_PORT: '70000' }, 'RELAY_PORT: must be a TCP port'],
    [{ REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX: may hold only'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(failure(env)).toContain(message);
  });
});

describe('loadConfig: who may reach the APIs and the operational endpoints', () => {
  it('reads CORS_ORIGINS as a list of exact origins and METRICS_TOKEN as is', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173',
      METRICS_TOKEN: 'scrape-0123456789abcdef',
    });
    expect(config.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect(config.metricsToken).toBe('scrape-0123456789abcdef');
  });

  it.each([
    [
      { CORS_ORIGINS: '*' },
      'CORS_ORIGINS: must list origins like https://shop.example.com, got "*"',
    ],
    [{ CORS_ORIGINS: 'shop.example.com' }, 'CORS_ORIGINS: must list origins like'],
    [{ CORS_ORIGINS: 'ftp://files.example.com' }, 'CORS_ORIGINS: must list origins like'],
    [
      { CORS_ORIGINS: 'https://a.example, https://shop.example.com/' },
      'CORS_ORIGINS: "https://shop.example.com/" is not an origin; did you mean "https://shop.example.com"?',
    ],
    [
      { CORS_ORIGINS: 'https://Shop.Example.com:443' },
      'CORS_ORIGINS: "https://Shop.Example.com:443" is not an origin; did you mean "https://shop.example.com"?',
    ],
    [{ CORS_ORIGINS: 'https://a.example,,https://b.example' }, 'CORS_ORIGINS: must list origins'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN: must be 16 to 512 visible ASCII characters'],
    [{ METRICS_TOKEN: 'has a space in the middle' }, 'METRICS_TOKEN: must be 16 to 512'],
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = failure(env);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('loadConfig: client addresses and auth limits', () => {
  it.each([
    ['false', false],
    ['TRUE', true],
    ['1', 1],
    ['10', 10],
  ])('reads TRUST_PROXY=%s', (value, trust) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(trust);
  });

  it('reads AUTH_RATE_LIMIT_PER_MINUTE', () => {
    expect(loadConfig({ AUTH_RATE_LIMIT_PER_MINUTE: '120' }).authRateLimitPerMinute).toBe(120);
  });

  it.each([
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY: must be true, false or a number of proxies'],
    [{ TRUST_PROXY: '0' }, 'TRUST_PROXY: must be true, false or a number of proxies'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY: must be true, false or a number of proxies'],
    [{ AUTH_RATE_LIMIT_PER_MINUTE: '0' }, 'AUTH_RATE_LIMIT_PER_MINUTE: must be a whole number'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(failure(env)).toContain(message);
  });
});
