import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { serveRpc } from '../support/child-rpc';

/**
 * The benchmark's mail server, in a process of its own: accepts every message over plain SMTP
 * and throws it away, counting. Unlike the test harness's sink it keeps nothing, so hundreds of
 * confirmation mails a second for minutes cost no memory.
 */
export type SinkCommand = { kind: 'start' } | { kind: 'received' } | { kind: 'close' };

let received = 0;
let server: SMTPServer | undefined;

async function start(): Promise<string> {
  const smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  // A client dropping its connection is an 'error' event: not ours to crash over.
  smtp.on('error', () => undefined);
  server = smtp;
  const port = await new Promise<number>((resolve, reject) => {
    smtp.once('error', reject);
    const listening = smtp.listen(0, '127.0.0.1', () =>
      resolve((listening.address() as AddressInfo).port),
    );
  });
  return `smtp://bench:bench@127.0.0.1:${port}`;
}

serveRpc<SinkCommand>(async (command) => {
  switch (command.kind) {
    case 'start':
      return start();
    case 'received':
      return received;
    case 'close':
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      return null;
  }
});
