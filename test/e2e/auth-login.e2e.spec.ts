import { randomUUID } from 'node:crypto';
import { streamName as sessionStream } from '../../domain/session';
import { AccessTokens } from '../../platform/auth/access-tokens';
import {
  PASSWORD,
  expectProblem,
  familyOf,
  jwtPayload,
  logIn,
  register,
  signUp,
  uniqueEmail,
} from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

describe('POST /auth/login and access tokens', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  const post = (path: string, body?: unknown, token?: string) =>
    api.request('POST', path, { body, token });

  describe('POST /auth/login', () => {
    it('answers a token pair whose access token carries the user and its roles', async () => {
      const { userId, email } = await register(api, uniqueEmail('login'));
      const response = await post('/auth/login', { email, password: PASSWORD });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^[\w-]{22}\.0\.[\w-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      const payload = jwtPayload(response.body.accessToken);
      expect(payload).toMatchObject({ sub: userId, roles: ['customer'], email });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
      const session = await api.eventStore.readStream(
        sessionStream(familyOf(response.body.refreshToken)),
      );
      expect(session.map((e) => [e.type, e.data.userId])).toEqual([['SessionStarted', userId]]);
      expect(JSON.stringify(session.map((e) => e.data))).not.toContain(response.body.refreshToken);

      const me = await api.request('PATCH', '/users/me', {
        token: response.body.accessToken,
        body: { name: 'Logged in' },
      });
      expect(me.status).toBe(200);
    });

    it('tells caches not to store the token pair (Cache-Control: no-store)', async () => {
      const { email } = await register(api, uniqueEmail('cached'));
      const response = await post('/auth/login', { email, password: PASSWORD });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    });

    it('finds the account whatever the case of the email', async () => {
      const { email } = await register(api, uniqueEmail('case'));
      await logIn(api, ` ${email.toUpperCase()}`);
    });

    it('answers 401 alike for a wrong password and an unknown email', async () => {
      const { email } = await register(api, uniqueEmail('wrong'));
      const wrongPassword = await post('/auth/login', { email, password: 'not the password 1' });
      const unknownEmail = await post('/auth/login', {
        email: uniqueEmail('nobody'),
        password: PASSWORD,
      });
      expectProblem(wrongPassword, 401, 'unauthorized');
      expectProblem(unknownEmail, 401, 'unauthorized');
      expect(unknownEmail.body.detail).toBe(wrongPassword.body.detail);
    });

    it('answers 429 with Retry-After after 5 failures for one email from one address, even with the right password', async () => {
      const { email } = await register(api, uniqueEmail('brute'));
      for (let i = 0; i < 5; i++) {
        const failure = await post('/auth/login', { email, password: `guess number ${i}` });
        expectProblem(failure, 401, 'unauthorized');
      }
      const limited = await post('/auth/login', { email: email.toUpperCase(), password: PASSWORD });
      expectProblem(limited, 429, 'rate-limited');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);

      // Another email is not affected.
      const { email: other } = await register(api, uniqueEmail('bystander'));
      await logIn(api, other);
    });

    it('counts only failures since the last successful login', async () => {
      const { email } = await register(api, uniqueEmail('forgetful'));
      const fail = async () =>
        expectProblem(
          await post('/auth/login', { email, password: 'typo 123' }),
          401,
          'unauthorized',
        );
      for (let i = 0; i < 4; i++) await fail();
      await logIn(api, email);
      for (let i = 0; i < 4; i++) await fail();
      await logIn(api, email);
    });

    it('refuses unknown and missing fields with 400', async () => {
      expectProblem(
        await post('/auth/login', { email: uniqueEmail(), password: PASSWORD, remember: true }),
        400,
        'validation',
        ['remember'],
      );
      expectProblem(await post('/auth/login', { email: uniqueEmail() }), 400, 'validation', [
        'password',
      ]);
    });
  });

  describe('access tokens', () => {
    let account: Awaited<ReturnType<typeof signUp>>;
    beforeAll(async () => {
      account = await signUp(api, uniqueEmail('bearer'));
    });
    const rename = (token?: string, headers?: Record<string, string>) =>
      api.request('PATCH', '/users/me', { token, headers, body: { name: 'Renamed' } });

    it('are required: 401 with WWW-Authenticate: Bearer', async () => {
      const response = await rename();
      expectProblem(response, 401, 'unauthorized');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('are refused when tampered with (roles raised without the key)', async () => {
      const [header, payload, signature] = account.tokens.accessToken.split('.');
      const raised = { ...jwtPayload(account.tokens.accessToken), roles: ['admin'] };
      const raisedPayload = Buffer.from(JSON.stringify(raised)).toString('base64url');
      const tampered = [header, raisedPayload, signature].join('.');
      expect(payload).not.toBe(tampered.split('.')[1]);
      expectProblem(await rename(tampered), 401, 'unauthorized');
    });

    it('are refused once expired, though signed with the right secret', async () => {
      const expired = await new AccessTokens({ secret: api.config.jwtSecret! }).sign(
        { sub: account.userId, roles: ['customer'] },
        { expiresInSeconds: 900, now: new Date(Date.now() - 3600_000) },
      );
      expectProblem(await rename(expired.token), 401, 'unauthorized');
    });

    it('are refused with alg "none"', async () => {
      const payload = jwtPayload(account.tokens.accessToken);
      const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`;
      expectProblem(await rename(unsigned), 401, 'unauthorized');
    });

    it('of a customer get 403 on an admin route', async () => {
      const response = await api.request('POST', `/inventory/${randomUUID()}/receive`, {
        token: account.tokens.accessToken,
        body: { quantity: 1 },
      });
      expectProblem(response, 403, 'forbidden');
    });
  });
});
