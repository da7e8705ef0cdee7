/** Where a service came from: the caller's environment, a container, or a private local server. */
export type ServiceSource = 'env' | 'testcontainers' | 'local';

export type ServiceName = 'postgres' | 'redis' | 'kafka' | 'smtp';

/** A service the integration tests can reach, and how to release it. */
export interface RunningService {
  readonly name: ServiceName;
  readonly source: ServiceSource;
  /** Variables published to the jest workers (DATABASE_URL, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Shown in the setup log, e.g. the server version. */
  readonly detail?: string;
  stop(): Promise<void>;
}

/** The environment variables each service is published under. */
export const SERVICE_ENV = {
  postgres: 'DATABASE_URL',
  redis: 'REDIS_URL',
  kafka: 'KAFKA_BROKERS',
  smtp: 'SMTP_URL',
} as const satisfies Record<ServiceName, string>;

/** Mailpit-compatible HTTP API over the SMTP sink's inbox (optional for SMTP_URL from env). */
export const SMTP_SINK_ENV = 'SMTP_SINK_URL';
