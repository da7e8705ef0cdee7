import { type Logger } from 'pino';
import { type AppConfig } from '../platform/config/config';
import { outboxDir } from '../platform/mail';
import { type LogFormat } from '../platform/observability/log-format';
import { type Listening } from './serve';

/** The admin account `shopstream start` made sure of, as the banner shows it. */
export type AdminShown = Readonly<
  | { email: string; source: 'ADMIN_EMAIL' }
  /** `password` only on the start that generated it: it is shown that once. */
  | { email: string; source: 'generated'; path: string; password?: string }
>;

export type StartSummary = Readonly<{
  listening: readonly Listening[];
  admin: AdminShown;
}>;

/**
 * Says once that everything is ready, in the log's format: a short banner for a person at a
 * terminal, one JSON line for a log collector. The JSON line never holds the password (it would
 * stay in the collected logs); it names the file that keeps it.
 */
export function announceReady(
  summary: StartSummary,
  config: AppConfig,
  format: LogFormat,
  logger: Logger,
): void {
  if (format === 'pretty') {
    process.stdout.write(`${bannerLines(summary, config).join('\n')}\n`);
    return;
  }
  const { admin } = summary;
  logger.info(
    {
      apis: summary.listening.map(({ name, url }) => ({ name, url, docs: `${url}/docs` })),
      dataDir: config.dataDir,
      parts: Object.fromEntries(partsOf(config)),
      admin: {
        email: admin.email,
        source: admin.source,
        ...(admin.source === 'generated' ? { passwordFile: admin.path } : {}),
      },
    },
    'shopstream ready',
  );
}

export function bannerLines(summary: StartSummary, config: AppConfig): string[] {
  const { admin } = summary;
  const table = (rows: readonly (readonly [string, string])[]) =>
    rows.map(([label, value]) => `  ${label.padEnd(16)}${value}`);
  return [
    '',
    'Shopstream is ready.',
    '',
    ...table(
      summary.listening.map(({ name, url }) => {
        const shown = forBrowser(url);
        return [capitalized(name), `${shown}  (docs: ${shown}/docs)`] as const;
      }),
    ),
    ...table([['Data directory', config.dataDir]]),
    '',
    ...table(partsOf(config)),
    '',
    ...table([
      ['Admin', admin.email],
      ['Password', passwordLine(admin)],
    ]),
    '',
  ];
}

/** Which part runs embedded and which on a real service; never the URLs (they hold passwords). */
function partsOf(config: AppConfig): [string, string][] {
  const database =
    config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite, embedded';
  const eventStore =
    config.eventStore.kind === 'eventstoredb' ? 'EventStoreDB (EVENTSTORE_URL)' : database;
  return [
    ['Event store', eventStore],
    ['Read models', database],
    ['Message bus', config.kafkaBrokers ? 'Kafka (KAFKA_BROKERS)' : 'in-process, embedded'],
    ['Coordination', config.redisUrl ? 'Redis (REDIS_URL)' : 'in-process, embedded'],
    ['Mail', config.smtpUrl ? 'SMTP (SMTP_URL)' : `.eml files in ${outboxDir(config.dataDir)}`],
  ];
}

function passwordLine(admin: AdminShown): string {
  if (admin.source === 'ADMIN_EMAIL') return 'from ADMIN_PASSWORD';
  if (admin.password === undefined) return `kept in ${admin.path}`;
  return `${admin.password}  (shown this once; kept in ${admin.path})`;
}

/** A server bound to every interface is reached, from this machine, at localhost. */
function forBrowser(url: string): string {
  return url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://localhost');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
