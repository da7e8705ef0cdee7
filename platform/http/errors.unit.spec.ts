import { PROBLEM_BASE_URI, PROBLEM_CONTENT_TYPE } from './problems/problem-types';
import { createFixtureApp, type FixtureApp } from './testing/fixture-app.testing';
import { SECRET_MESSAGE, THROWERS } from './testing/fixture.module.testing';

/** Whatever a handler throws, the client gets problem+json, mapped in to-problem.ts. */
describe('HTTP error answers', () => {
  let fixture: FixtureApp;
  beforeAll(async () => {
    fixture = await createFixtureApp();
  });
  afterAll(() => fixture.app.close());

  const fail = (kind: string) =>
    fixture.app.nest.inject({ method: 'GET', url: `/api/v1/errors/${kind}` });

  /** The mapping table: each thrower of the fixture, its status and problem type. */
  const EXPECTED: Record<keyof typeof THROWERS, [number, string]> = {
    validation: [400, 'validation'],
    'not-found': [404, 'not-found'],
    'illegal-state': [409, 'illegal-state'],
    conflict: [409, 'conflict'],
    concurrency: [409, 'concurrency'],
    unauthorized: [401, 'unauthorized'],
    forbidden: [403, 'forbidden'],
    unprocessable: [422, 'unprocessable'],
    'rate-limited': [429, 'rate-limited'],
    'nest-conflict': [409, 'conflict'],
    'nest-internal': [500, 'internal'],
    secret: [500, 'internal'],
    'not-an-error': [500, 'internal'],
  };

  it('has an expectation for every thrower of the fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(THROWERS).sort());
  });

  it.each(Object.entries(EXPECTED))('%s is answered %j', async (kind, [status, type]) => {
    const response = await fail(kind);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(response.json()).toMatchObject({ type: PROBLEM_BASE_URI + type, status });
    expect(typeof response.json().title).toBe('string');
    expect(typeof response.json().detail).toBe('string');
  });

  it('gives the domain’s message as detail and its field errors as errors', async () => {
    expect((await fail('validation')).json()).toEqual({
      type: `${PROBLEM_BASE_URI}validation`,
      title: 'Invalid request',
      status: 400,
      detail: 'password: must contain a letter and a digit',
      errors: [{ field: 'password', message: 'must contain a letter and a digit' }],
    });
    expect((await fail('illegal-state')).json().detail).toBe('order o-1 is not confirmed');
  });

  it('does not reveal stream names and revisions on a concurrency conflict', async () => {
    const body = (await fail('concurrency')).body;
    expect(body).not.toContain('order-o-1');
    expect(body).not.toContain('revision');
  });

  it('answers 422 with field errors', async () => {
    expect((await fail('unprocessable')).json()).toMatchObject({
      status: 422,
      errors: [{ field: 'lines[0].productId', message: 'unknown product' }],
    });
  });

  it('asks for a bearer token on 401', async () => {
    expect((await fail('unauthorized')).headers['www-authenticate']).toBe('Bearer');
  });

  it('says when to retry on 429, in whole seconds', async () => {
    expect((await fail('rate-limited')).headers['retry-after']).toBe('900');
  });

  it.each(['secret', 'nest-internal', 'not-an-error'])(
    'never sends the message or stack of a server fault (%s)',
    async (kind) => {
      const response = await fail(kind);
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain('secret.ts');
      expect(response.body).not.toMatch(/\bat .+:\d+:\d+/);
      expect(response.json().detail).toMatch(/unexpected error/);
    },
  );

  it('logs a server fault with its stack and correlation id', async () => {
    await fixture.app.nest.inject({
      method: 'GET',
      url: '/api/v1/errors/secret',
      headers: { 'x-correlation-id': 'fault-1' },
    });
    const line = fixture
      .logLines()
      .find((l) => l.msg === 'request failed' && l.correlationId === 'fault-1');
    expect(line).toMatchObject({ level: 'error', status: 500, err: { message: SECRET_MESSAGE } });
    expect((line?.err as { stack: string }).stack).toContain('fixture.module.testing.ts');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fixture.app.nest.inject({ method: 'GET', url: '/api/v1/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(response.json().type).toBe(`${PROBLEM_BASE_URI}not-found`);
  });

  it('answers bad input with problem+json, never with a 500', async () => {
    const requests = [
      {
        method: 'POST',
        url: '/api/v1/orders',
        payload: '{',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/api/v1/orders',
        payload: 'x',
        headers: { 'content-type': 'text/csv' },
      },
      {
        method: 'POST',
        url: '/api/v1/orders',
        payload: '{"lines": "many"}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/api/v1/orders',
        payload: '{"lines": [null, 7, "x"]}',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'GET', url: '/api/v1/orders/%E0%A4%A' },
      { method: 'DELETE', url: '/health/live' },
    ] as const;
    for (const request of requests) {
      const response = await fixture.app.nest.inject(request);
      expect([request.url, response.statusCode]).toEqual([request.url, expect.any(Number)]);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect([request.url, response.headers['content-type']]).toEqual([
        request.url,
        PROBLEM_CONTENT_TYPE,
      ]);
    }
  });
});
