import { accessTokenFor } from './tokens.testing';
import { startWriteApi, type WriteApiUnderTest } from './write-api.testing';

describe('write API process', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  it('is live and ready against its real event store and Redis', async () => {
    const live = await fetch(`${api.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { eventStore: { status: 'ok' }, coordination: { status: 'ok' } },
    });
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await api.request('POST', '/nowhere', { body: {} });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('measures its commands per stream category in /metrics', async () => {
    const registered = await api.request('POST', '/auth/register', {
      body: { email: `metrics-${Date.now()}@example.com`, password: 'secret 123', name: 'M' },
    });
    expect(registered.status).toBe(201);

    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    // One runner serves every slice: the claim and the user each counted under their category.
    const sample = (name: string, category: string) =>
      new RegExp(`^${name}\\{[^}]*category="${category}"[^}]*\\} 1$`, 'm');
    expect(metrics).toMatch(sample('eventstore_appended_events_total', 'unique-email'));
    expect(metrics).toMatch(sample('eventstore_appended_events_total', 'user'));
    expect(metrics).toMatch(sample('command_duration_seconds_count', 'user'));
    expect(metrics).toContain('# TYPE eventstore_append_conflicts_total counter');
  });
});

describe('write API request hygiene', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  it('answers a body over 1 MiB with 413 problem+json and appends nothing', async () => {
    const before = await api.eventStore.headPosition();
    const response = await api.request('POST', '/auth/register', {
      rawBody: JSON.stringify({
        email: 'big@example.com',
        password: 'passw0rd!',
        name: 'x'.repeat(1024 * 1024),
      }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await api.eventStore.headPosition()).toBe(before);
  });

  it('answers malformed JSON with 400 problem+json without echoing the body', async () => {
    const response = await api.request('POST', '/auth/register', {
      rawBody: '{"email": "a@b.co", "password": "hunter2secret',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 400,
      type: expect.stringContaining('/problems/'),
    });
    expect(response.text).not.toContain('hunter2secret');
    expect(response.text).not.toMatch(/at \w+ \(/); // no stack frames
  });

  it('never stores a credential response under an Idempotency-Key: a retried login opens another session', async () => {
    const email = `idem-login-${Date.now()}@example.com`;
    const password = 'passw0rd-42';
    expect(
      (await api.request('POST', '/auth/register', { body: { email, password, name: 'I' } }))
        .status,
    ).toBe(201);
    const headers = { 'idempotency-key': 'login-retry-1' };
    const first = await api.request('POST', '/auth/login', { body: { email, password }, headers });
    const retry = await api.request('POST', '/auth/login', { body: { email, password }, headers });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.refreshToken).not.toBe(first.body.refreshToken);
  });
});

describe('NUL characters (valid JSON, impossible in PostgreSQL text)', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  it('are refused with 400 naming the field, in bodies and in path parameters', async () => {
    const before = await api.eventStore.headPosition();
    const register = await api.request('POST', '/auth/register', {
      body: { email: 'a\u0000b@example.com', password: 'passw0rd1', name: 'Nul' },
    });
    expect(register.status).toBe(400);
    expect(register.body.errors).toEqual([
      { field: 'email', message: 'must not contain NUL (U+0000) characters' },
    ]);
    const login = await api.request('POST', '/auth/login', {
      body: { email: 'a\u0000b@example.com', password: 'passw0rd1' },
    });
    expect(login.status).toBe(400);
    const pay = await api.request('POST', '/orders/abc%00def/pay', {
      body: { paymentReference: 'p' },
      token: await accessTokenFor(api, { roles: ['customer'] }),
    });
    expect(pay.status).toBe(400);
    expect(pay.body.errors).toEqual([
      { field: 'id', message: 'must not contain NUL (U+0000) characters' },
    ]);
    expect(await api.eventStore.headPosition()).toBe(before);
  });
});
