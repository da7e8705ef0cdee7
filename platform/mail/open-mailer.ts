import path from 'node:path';
import { type Logger } from 'pino';
import { type AppConfig } from '../config/config';
import { type Mailer } from './mailer';
import { createOutboxMailer } from './outbox-mailer';
import { createSmtpMailer } from './smtp-mailer';

/** SMTP when `SMTP_URL` is set; otherwise the embedded outbox, `DATA_DIR/outbox/*.eml`. */
export function openMailer(config: Pick<AppConfig, 'smtpUrl' | 'dataDir'>, logger: Logger): Mailer {
  const mailLogger = logger.child({ component: 'mailer' });
  return config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, mailLogger)
    : createOutboxMailer(outboxDir(config.dataDir), mailLogger);
}

export const outboxDir = (dataDir: string): string => path.join(dataDir, 'outbox');
