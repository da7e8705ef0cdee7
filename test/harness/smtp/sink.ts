import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type RunningService } from '../service';
import { MessageStore, type StoredMessage } from './store';

/**
 * An SMTP sink inside the jest process: accepts any sender, recipient and credentials over plain
 * SMTP, and serves what it received through a Mailpit-compatible subset of Mailpit's HTTP API, so
 * tests read the inbox the same way against a real Mailpit.
 */
export async function startSmtpSink(): Promise<RunningService> {
  const store = new MessageStore();
  const smtp = new SMTPServer({
    logger: false,
    banner: 'shopstream test sink',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: 25 * 1024 * 1024,
    closeTimeout: 1000,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(new Error('message too large for the test sink'));
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        store.add(Buffer.concat(chunks), envelope);
        callback();
      });
    },
  });
  const http = createServer((request, response) => {
    serveApi(store, request, response).catch((error: unknown) =>
      reply(response, 500, { error: String(error) }),
    );
  });

  // A client dropping its connection is an 'error' event; it must not crash the jest process.
  smtp.on('error', () => undefined);
  const smtpPort = await new Promise<number>((resolve, reject) => {
    smtp.once('error', reject);
    // Port 0: the kernel picks a free port, no race with other test runs.
    const server = smtp.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
  const httpPort = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
  });

  return {
    name: 'smtp',
    source: 'local',
    env: {
      SMTP_URL: `smtp://test:test@127.0.0.1:${smtpPort}`,
      SMTP_SINK_URL: `http://127.0.0.1:${httpPort}`,
    },
    detail: 'in-process smtp-server sink',
    async stop() {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

async function serveApi(store: MessageStore, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://sink');
  const message = /^\/api\/v1\/message\/([^/]+)(\/raw)?$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/api/v1/messages') {
    const all = store.list();
    const start = Number(url.searchParams.get('start') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const page = all.slice(start, start + limit).map(summary);
    return reply(res, 200, {
      total: all.length,
      unread: all.filter((m) => !m.Read).length,
      count: page.length,
      messages_count: all.length,
      start,
      tags: [],
      messages: page,
    });
  }
  if (req.method === 'GET' && message) {
    const found = store.get(decodeURIComponent(message[1]));
    if (!found) return reply(res, 404, 'message not found');
    found.Read = true;
    if (message[2]) return reply(res, 200, found.raw.toString('utf8'));
    const { raw: _raw, Snippet: _snippet, Read: _read, Attachments: _count, ...full } = found;
    return reply(res, 200, { ...full, Inline: [], Attachments: [] });
  }
  if (req.method === 'DELETE' && url.pathname === '/api/v1/messages') {
    const body = await readBody(req);
    const ids = body ? (JSON.parse(body) as { IDs?: string[] }).IDs : undefined;
    store.delete(ids && ids.length > 0 ? ids : undefined);
    return reply(res, 200, 'ok');
  }
  return reply(res, 404, 'not found');
}

function summary(message: StoredMessage) {
  const { raw: _raw, Text: _text, HTML: _html, ReturnPath: _rp, Date: _date, ...rest } = message;
  return rest;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const json = typeof body !== 'string';
  res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' });
  res.end(json ? JSON.stringify(body) : body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').trim()));
    req.on('error', reject);
  });
}
