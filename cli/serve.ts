import { type Logger } from 'pino';
import { type AppConfig, loadConfig } from '../platform/config/config';
import { ConfigError } from '../platform/config/config-error';
import { type HttpApp } from '../platform/http';
import { type LogFormat, logFormat } from '../platform/observability/log-format';
import { createLogger } from '../platform/observability/logger';

export type Service = Readonly<{ name: string; app: HttpApp }>;

/** A service's name and the base URL it listens on. */
export type Listening = Readonly<{ name: string; url: string }>;

/**
 * What a process runs: its HTTP apps, what to close after the last of them has closed, and
 * what to say once every one of them listens (the `start` banner).
 */
export type Running = Readonly<{
  services: Service[];
  close?: () => Promise<void>;
  ready?: (listening: readonly Listening[]) => void;
}>;

/**
 * Runs long-lived processes until SIGINT/SIGTERM, then shuts them down gracefully (in-flight
 * requests finish, then workers stop, then shared connections close). Start-up failures reach
 * the caller, which prints one line and exits.
 */
export async function serve(
  name: string,
  start: (config: AppConfig, logger: Logger, format: LogFormat) => Promise<Running>,
): Promise<void> {
  const config = loadConfig();
  const format = logFormat(process.env.LOG_FORMAT, process.stdout.isTTY === true);
  const logger = createLogger({ name, level: logLevel(process.env.LOG_LEVEL), format });
  const { services, close, ready } = await start(config, logger, format);
  try {
    const listening: Listening[] = [];
    for (const service of services) {
      const url = await service.app.listen();
      // A process with a ready banner says where it listens there, once for all services.
      if (!ready) logger.info({ url, docs: `${url}/docs` }, `${service.name} listening`);
      listening.push({ name: service.name, url });
    }
    ready?.(listening);
  } catch (error) {
    for (const service of [...services].reverse()) await service.app.close().catch(() => undefined);
    await close?.().catch(() => undefined);
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const service of [...services].reverse()) await service.app.close();
  await close?.();
  logger.info('stopped');
  // Everything was closed; a client library still holding a timer or socket (a Kafka reconnect
  // after a broker outage) must not keep the process from ending.
  setTimeout(() => {
    const open = (process as unknown as { _getActiveHandles(): object[] })
      ._getActiveHandles()
      .map((handle) => handle.constructor.name);
    logger.warn({ open }, 'handles still open a few seconds after shutdown; exiting anyway');
    process.exit(process.exitCode ?? 0);
  }, LINGER_MS).unref();
}

const LINGER_MS = 3_000;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevel(raw: string | undefined): (typeof LEVELS)[number] {
  if (raw === undefined || raw === '') return 'info';
  const level = LEVELS.find((l) => l === raw);
  if (!level)
    throw new ConfigError('LOG_LEVEL', `must be one of ${LEVELS.join(', ')}, got "${raw}"`);
  return level;
}
