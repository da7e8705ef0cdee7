import { createTransport } from 'nodemailer';
import { type Logger } from 'pino';
import { type Mailer, type OutgoingMail } from './mailer';

export type SmtpTimeouts = Readonly<{
  /** Connecting, DNS included. */
  connectionMs: number;
  /** From connected to the server's 220 greeting. */
  greetingMs: number;
  /** Silence on an open connection. */
  socketMs: number;
}>;

/**
 * nodemailer waits up to 2 minutes to connect and 10 to hear back. A send holds its effect's
 * claim meanwhile, so a dead server should fail fast and be retried with backoff instead.
 */
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 5_000,
  greetingMs: 5_000,
  socketMs: 10_000,
};

/**
 * Sends over SMTP (`smtp://user:pass@host:port`, or `smtps://` for implicit TLS). One connection
 * per mail: notifications are few, and no pooled connection can go stale between them.
 */
export function createSmtpMailer(
  url: string,
  logger: Logger,
  timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS,
): Mailer {
  const transport = createTransport({
    url,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
  });
  const server = describe(url);
  return {
    async send(mail: OutgoingMail) {
      const info = await transport.sendMail({ ...mail });
      // One recipient: nodemailer rejects when it is refused, this catches a partial answer too.
      if (info.rejected.length > 0) {
        throw new Error(`${server} refused ${info.rejected.join(', ')}: ${info.response}`);
      }
      logger.info({ messageId: mail.messageId, to: mail.to, server }, 'mail sent over SMTP');
    },
    async verify() {
      await transport.verify();
    },
    async close() {
      transport.close();
    },
  };
}

/** host:port without the credentials, for logs and errors. */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
