import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type ParsedMail, header, parseMail } from '../../../test/harness/smtp/mime';

export type ReceivedMail = ParsedMail & { raw: Buffer; messageId: string; rcptTo: string[] };

export type ScriptedSmtpServer = {
  /** `smtp://127.0.0.1:<port>`, for createSmtpMailer or SMTP_URL. */
  readonly url: string;
  /** Mails it accepted, in order. */
  readonly accepted: readonly ReceivedMail[];
  /** Deliveries it refused with a 451 after reading the message. */
  readonly refused: number;
  /** From now on refuse every delivery (true) or accept them (false). */
  refuseAll(refusing: boolean): void;
  close(): Promise<void>;
};

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port that refuses the first
 * `refuseFirst` deliveries (`Infinity`: all) with `451 try again later`, then accepts. A refusal
 * comes after the whole message was sent, where a real server's spam or quota check answers.
 */
export async function startScriptedSmtpServer({
  refuseFirst = 0,
}: { refuseFirst?: number } = {}): Promise<ScriptedSmtpServer> {
  const accepted: ReceivedMail[] = [];
  let refused = 0;
  let refusing = false;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusing || refused < refuseFirst) {
          refused++;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        const parsed = parseMail(raw);
        accepted.push({
          ...parsed,
          raw,
          messageId: header(parsed.headers, 'message-id'),
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        callback();
      });
    },
  });
  // A client dropping its connection is an 'error' event; it must not crash the jest process.
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const listening = server.listen(0, '127.0.0.1', () =>
      resolve((listening.address() as AddressInfo).port),
    );
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    get refused() {
      return refused;
    },
    refuseAll(on) {
      refusing = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
