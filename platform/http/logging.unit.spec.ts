import { REDACTED } from '../observability/redact';
import { createFixtureApp, type FixtureApp, type LogLine } from './testing/fixture-app.testing';

/** Structured request logs: one line per request, correlated, without secrets. */
describe('HTTP request logging', () => {
  let fixture: FixtureApp;
  beforeAll(async () => {
    fixture = await createFixtureApp();
  });
  afterAll(() => fixture.app.close());

  const linesOf = (correlationId: string): LogLine[] =>
    fixture.logLines().filter((line) => line.correlationId === correlationId);

  it('writes one line per request with method, route pattern, status, duration and correlation id', async () => {
    await fixture.app.nest.inject({
      method: 'GET',
      url: '/api/v1/orders/o-42?expand=lines',
      headers: { 'x-correlation-id': 'log-1' },
    });
    const lines = linesOf('log-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request completed',
      name: 'fixture-api',
      correlationId: 'log-1',
      method: 'GET',
      route: '/api/v1/orders/:id',
      path: '/api/v1/orders/o-42',
      status: 200,
    });
    expect(lines[0].durationMs).toEqual(expect.any(Number));
    expect(typeof lines[0].time).toBe('string');
  });

  it('binds the correlation id into a handler’s own log lines', async () => {
    await login('log-2');
    expect(linesOf('log-2').map((line) => line.msg)).toEqual([
      'login attempt',
      'request completed',
    ]);
  });

  it('never writes passwords, tokens or Authorization headers', async () => {
    await login('log-3');
    const raw = fixture.rawLog();
    for (const secret of ['hunter2', 'tok-secret', 'bearer-secret', 'at-secret', 'cookie-secret']) {
      expect(raw).not.toContain(secret);
    }
    const [attempt] = linesOf('log-3');
    expect(attempt).toMatchObject({
      body: { email: 'ann@example.com', password: REDACTED },
      headers: { authorization: REDACTED, cookie: REDACTED },
      session: { token: REDACTED },
    });
  });

  it('logs Nest’s own messages in the same format', () => {
    const started = fixture.logLines().find((line) => line.context === 'NestApplication');
    expect(started).toMatchObject({ level: 'debug', name: 'fixture-api' });
  });

  async function login(correlationId: string) {
    const response = await fixture.app.nest.inject({
      method: 'POST',
      url: '/api/v1/login',
      payload: { email: 'ann@example.com', password: 'hunter2' },
      headers: {
        'x-correlation-id': correlationId,
        authorization: 'Bearer bearer-secret',
        cookie: 'session=cookie-secret',
      },
    });
    expect(response.statusCode).toBe(201);
  }
});
