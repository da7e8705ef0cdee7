import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import pino from 'pino';
import { itWithInbox, services, uniqueSuffix } from '../../test/harness';
import { type OutgoingMail, createSmtpMailer, messageIdFor } from './index';
import { startScriptedSmtpServer } from './test-support/scripted-smtp-server';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

function mailTo(to: string, key = uniqueSuffix()): OutgoingMail {
  return {
    messageId: messageIdFor(key),
    from: 'Shopstream <no-reply@shopstream.test>',
    to,
    subject: 'Order confirmed – #1042 ✓',
    text: 'Total: 25.00\n2 × Espresso cup',
    html: '<p>Total: <b>25.00</b></p>',
  };
}

/** A TCP server that accepts connections and never says a word: a hung mail server. */
async function startMuteServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('SMTP mailer', () => {
  itWithInbox(
    'delivers to the server with the stable Message-ID and both parts',
    async (inbox) => {
      const to = `smtp-mailer-${uniqueSuffix()}@example.test`;
      const key = `n-${uniqueSuffix()}`;
      const mailer = createSmtpMailer(services().smtpUrl, logger);
      try {
        await mailer.verify();
        await mailer.send(mailTo(to, key));
      } finally {
        await mailer.close();
      }

      const message = await inbox.waitFor((m) => m.To.some((a) => a.Address === to));
      expect(message.MessageID).toBe(`${key}@shopstream`);
      expect(message.Subject).toBe('Order confirmed – #1042 ✓');
      expect(message.From).toEqual({ Name: 'Shopstream', Address: 'no-reply@shopstream.test' });
      expect(message.Text).toContain('2 × Espresso cup');
      expect(message.HTML).toContain('<b>25.00</b>');
      await inbox.delete([message.ID]);
    },
    30_000,
  );

  it('rejects when the server refuses the mail', async () => {
    const server = await startScriptedSmtpServer({ refuseFirst: 1 });
    const mailer = createSmtpMailer(server.url, logger);
    try {
      await expect(mailer.send(mailTo('ann@example.test'))).rejects.toThrow(/451/);
      await mailer.send(mailTo('ann@example.test'));
      expect(server.accepted).toHaveLength(1);
    } finally {
      await mailer.close();
      await server.close();
    }
  });

  it('rejects when nothing listens, at send and at verify', async () => {
    const mute = await startMuteServer();
    await mute.close(); // the port is free again: connections are refused
    const mailer = createSmtpMailer(mute.url, logger);
    await expect(mailer.send(mailTo('ann@example.test'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(mailer.verify()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('gives up on a server that never greets, by its greeting timeout', async () => {
    const mute = await startMuteServer();
    const mailer = createSmtpMailer(mute.url, logger, {
      connectionMs: 5_000,
      greetingMs: 200,
      socketMs: 5_000,
    });
    try {
      // Without the bounded greeting timeout this would wait nodemailer's 30 s default and the
      // test would time out instead of seeing the rejection.
      await expect(mailer.send(mailTo('ann@example.test'))).rejects.toThrow(/greeting/i);
    } finally {
      await mailer.close();
      await mute.close();
    }
  }, 10_000);
});
