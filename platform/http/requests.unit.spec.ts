import { CORRELATION_ID_HEADER } from './correlation-id';
import { BODY_LIMIT_BYTES } from './fastify-adapter';
import { PROBLEM_BASE_URI } from './problems/problem-types';
import { createFixtureApp, type FixtureApp } from './testing/fixture-app.testing';

/** Request handling: body parsing, DTO validation, correlation ids, the X-Position header. */
describe('HTTP requests', () => {
  let fixture: FixtureApp;
  beforeAll(async () => {
    fixture = await createFixtureApp();
  });
  afterAll(() => fixture.app.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    fixture.app.nest.inject({
      method: 'POST',
      url,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': 'application/json', ...headers },
    });

  const validOrder = { lines: [{ productId: 'p-1', quantity: 2 }], shippingAddressId: 'a-1' };

  describe('a valid body', () => {
    it('reaches the handler as a DTO, and its position is copied to X-Position', async () => {
      const response = await post('/api/v1/orders', validOrder);
      expect(response.statusCode).toBe(202);
      expect(response.json()).toMatchObject({ orderId: 'o-1', lines: 1, position: '42' });
      expect(response.headers['x-position']).toBe('42');
    });
  });

  describe('DTO validation', () => {
    it('refuses an unknown field, naming it', async () => {
      const response = await post('/api/v1/orders', { ...validOrder, coupon: 'FREE' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        type: `${PROBLEM_BASE_URI}validation`,
        status: 400,
        errors: [{ field: 'coupon', message: 'property coupon should not exist' }],
      });
    });

    it('names nested fields by their path, array indexes in brackets', async () => {
      const lines = [
        { productId: 'p-1', quantity: 1 },
        { productId: 'p-2', quantity: 1 },
        { productId: 'p-3', quantity: 101, colour: 'red' },
      ];
      const response = await post('/api/v1/orders', { ...validOrder, lines });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual(
        expect.arrayContaining([
          { field: 'lines[2].quantity', message: 'must not be greater than 100' },
          { field: 'lines[2].colour', message: 'property colour should not exist' },
        ]),
      );
      expect(response.json().errors).toHaveLength(2);
    });

    it('reports every missing field of an empty body', async () => {
      const response = await post('/api/v1/orders', '');
      expect(response.statusCode).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(new Set(fields)).toEqual(new Set(['lines', 'shippingAddressId']));
    });

    it.each(['[1,2]', '"text"', '42', 'null'])(
      'refuses %s where an object is expected',
      async (body) => {
        const response = await post('/api/v1/orders', body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({
          type: `${PROBLEM_BASE_URI}validation`,
          errors: [{ field: 'body', message: 'must be a JSON object' }],
        });
      },
    );
  });

  describe('body format', () => {
    it('answers malformed JSON with 400 without echoing the body', async () => {
      const response = await post('/api/v1/login', '{"email": "a@b.co", "password": hunter2');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        type: `${PROBLEM_BASE_URI}bad-request`,
        title: 'Bad request',
        status: 400,
        detail: 'The request body is not valid JSON.',
      });
      expect(response.body).not.toContain('hunter2');
    });

    it('refuses prototype poisoning', async () => {
      const response = await post('/api/v1/orders', '{"__proto__": {"admin": true}}');
      expect(response.statusCode).toBe(400);
    });

    it('answers a body over 1 MiB with 413', async () => {
      const padding = 'x'.repeat(BODY_LIMIT_BYTES - '{"pad":""}'.length + 1);
      const body = `{"pad":"${padding}"}`;
      expect(Buffer.byteLength(body)).toBe(BODY_LIMIT_BYTES + 1);
      const response = await post('/api/v1/orders', body);
      expect(response.statusCode).toBe(413);
      expect(response.json().type).toBe(`${PROBLEM_BASE_URI}payload-too-large`);
    });

    it('accepts a body of exactly 1 MiB (then validates it)', async () => {
      const padding = 'x'.repeat(BODY_LIMIT_BYTES - '{"pad":""}'.length);
      const response = await post('/api/v1/orders', `{"pad":"${padding}"}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().type).toBe(`${PROBLEM_BASE_URI}validation`);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'answers a %s body with 415',
      async (contentType) => {
        const response = await post('/api/v1/orders', 'lines=1', { 'content-type': contentType });
        expect(response.statusCode).toBe(415);
        expect(response.json().type).toBe(`${PROBLEM_BASE_URI}unsupported-media-type`);
      },
    );

    it('accepts a charset parameter on the JSON content type', async () => {
      const response = await post('/api/v1/orders', validOrder, {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(response.statusCode).toBe(202);
    });
  });

  describe('correlation id', () => {
    const get = (headers: Record<string, string> = {}) =>
      fixture.app.nest.inject({ method: 'GET', url: '/api/v1/orders/o-7', headers });

    it('takes the caller’s id, echoes it and hands it to the handler', async () => {
      const response = await get({ [CORRELATION_ID_HEADER]: 'trace-abc.123' });
      expect(response.headers[CORRELATION_ID_HEADER]).toBe('trace-abc.123');
      expect(response.json().correlationId).toBe('trace-abc.123');
    });

    it('makes a fresh UUID when none is sent', async () => {
      const response = await get();
      const id = response.headers[CORRELATION_ID_HEADER];
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(response.json().correlationId).toBe(id);
      expect((await get()).headers[CORRELATION_ID_HEADER]).not.toBe(id);
    });

    it.each([
      ['too long', 'a'.repeat(129)],
      ['with a control character', 'abc\u0001def'],
      ['not ASCII', 'café'],
    ])('replaces an id that is %s', async (_, id) => {
      const response = await fixture.app.nest.inject({
        method: 'GET',
        url: '/api/v1/orders/o-7',
        headers: { [CORRELATION_ID_HEADER]: id },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers[CORRELATION_ID_HEADER]).not.toBe(id);
      expect(response.headers[CORRELATION_ID_HEADER]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('keeps an id of exactly 128 printable characters', async () => {
      const id = 'x'.repeat(64) + ' ' + 'y'.repeat(63);
      expect((await get({ [CORRELATION_ID_HEADER]: id })).headers[CORRELATION_ID_HEADER]).toBe(id);
    });

    it('is echoed on error answers too', async () => {
      const response = await post('/api/v1/orders', '{', { [CORRELATION_ID_HEADER]: 'c-err' });
      expect(response.statusCode).toBe(400);
      expect(response.headers[CORRELATION_ID_HEADER]).toBe('c-err');
    });
  });
});
