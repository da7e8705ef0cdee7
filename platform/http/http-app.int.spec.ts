import http from 'node:http';
import net from 'node:net';
import { ConfigError } from '../config/config-error';
import { BODY_LIMIT_BYTES } from './fastify-adapter';
import { PROBLEM_CONTENT_TYPE } from './problems/problem-types';
import { createFixtureApp, type FixtureApp } from './testing/fixture-app.testing';
import { slowRequests } from './testing/fixture.module.testing';

/**
 * The HTTP foundation over real sockets: what `inject()` cannot show (ports, connections,
 * draining). Needs no external service.
 */
/** Resolves once the next /slow request is in its handler. */
async function slowRequestArrives(): Promise<void> {
  const before = slowRequests.started;
  while (slowRequests.started === before) await new Promise((resolve) => setTimeout(resolve, 5));
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(
  url: string,
  {
    method = 'GET',
    body,
    headers = {},
  }: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
      response.on('error', reject);
    });
    // The server may answer (413) and close before the whole body is written.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    request.end(body);
  });
}

/** Writes raw bytes on one connection and collects everything until the server closes it. */
function rawExchange(base: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('HttpApp over real HTTP', () => {
  describe('a listening app', () => {
    let fixture: FixtureApp;
    let base: string;
    beforeAll(async () => {
      fixture = await createFixtureApp();
      base = await fixture.app.listen();
    });
    afterAll(() => fixture.app.close());

    it('listens on the loopback address it was given', () => {
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('answers malformed JSON with a 400 problem', async () => {
      const answer = await send(`${base}/api/v1/orders`, {
        method: 'POST',
        body: '{"lines": [',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'real-1' },
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(answer.headers['x-correlation-id']).toBe('real-1');
    });

    it('answers a body of 1 MiB + 1 byte with a 413 problem', async () => {
      const answer = await send(`${base}/api/v1/orders`, {
        method: 'POST',
        body: 'x'.repeat(BODY_LIMIT_BYTES + 1),
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
    });

    it('answers a request Node cannot parse with a problem too', async () => {
      const raw = await rawExchange(
        base,
        'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n',
      );
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(raw).toContain(`Content-Type: ${PROBLEM_CONTENT_TYPE}`);
    });
  });

  describe('graceful shutdown', () => {
    it('lets an in-flight request finish, then refuses connections', async () => {
      const { app } = await createFixtureApp();
      const base = await app.listen();
      const arrived = slowRequestArrives();
      const slow = send(`${base}/api/v1/slow?ms=400`);
      await arrived;

      let closed = false;
      const closing = app.close().then(() => (closed = true));
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ slept: 400 });
      await closing;
      expect(closed).toBe(true);
      await expect(send(`${base}/health/live`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('closes a busy keep-alive connection once its answer is sent, not at the deadline', async () => {
      const { app } = await createFixtureApp({ shutdownTimeoutMs: 5000 });
      const base = await app.listen();
      // A second request pipelined on the same connection keeps it from being idle.
      const arrived = slowRequestArrives();
      const raw = rawExchange(
        base,
        'GET /api/v1/slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n' +
          'GET /api/v1/orders/o-1 HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      await arrived;
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2000);
      const text = await raw;
      // The client retries the unanswered second request elsewhere (RFC 9112, 9.3.2).
      expect([...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1])).toEqual(['200']);
      expect(text.toLowerCase()).toContain('connection: close');
    });

    it('cuts requests still running at the deadline and still closes', async () => {
      const { app, logLines } = await createFixtureApp({ shutdownTimeoutMs: 200 });
      const base = await app.listen();
      const arrived = slowRequestArrives();
      const hung = send(`${base}/api/v1/slow?ms=10000`);
      await arrived;

      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2000);
      await expect(hung).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(logLines().some((line) => line.msg.includes('shutdown deadline'))).toBe(true);
    });

    it('closes the dependencies only after the last request was answered', async () => {
      let answeredBeforeDependenciesClosed: boolean | undefined;
      const fixture: FixtureApp = await createFixtureApp({
        onClose: async () => {
          answeredBeforeDependenciesClosed = fixture
            .logLines()
            .some((line) => line.route === '/api/v1/slow' && line.msg === 'request completed');
        },
      });
      const base = await fixture.app.listen();
      const arrived = slowRequestArrives();
      const slow = send(`${base}/api/v1/slow?ms=200`);
      await arrived;
      await fixture.app.close();
      expect((await slow).status).toBe(200);
      expect(answeredBeforeDependenciesClosed).toBe(true);
    });
  });

  describe('a port in use', () => {
    it('is a ConfigError naming the port variable', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        const { app } = await createFixtureApp({ port, portVariable: 'WRITE_API_PORT' });
        const failure = await app.listen().catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ConfigError);
        expect((failure as ConfigError).message).toBe(
          `WRITE_API_PORT: port ${port} is already in use`,
        );
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  });
});
