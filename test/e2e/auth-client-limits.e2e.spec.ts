import { expectProblem, logIn, register, uniqueEmail } from './accounts.testing';
import { type TestResponse, type WriteApiUnderTest, startWriteApi } from './write-api.testing';

/**
 * Issue 10, item 5: register, login and refresh are limited per client address, the address
 * comes from X-Forwarded-For only with TRUST_PROXY, and password hashing has a bounded queue.
 */
const LIMIT = 3;

function expectRetryLater(response: TestResponse, status: 429 | 503, type: string): void {
  expectProblem(response, status, type);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
}

describe('per-client limits with TRUST_PROXY off (the default)', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi({ AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, forwardedFor = '198.51.100.1') =>
    api.request('POST', path, { body, headers: { 'x-forwarded-for': forwardedFor } });
  const newAccount = (i: number) => ({
    email: uniqueEmail(`limited${i}`),
    password: 'correct horse 1',
    name: 'Limited',
  });

  it('answers the register after the limit with 429 and Retry-After, whatever X-Forwarded-For says', async () => {
    for (let i = 0; i < LIMIT; i++) {
      expect((await post('/auth/register', newAccount(i), `198.51.100.${i}`)).status).toBe(201);
    }
    expectRetryLater(
      await post('/auth/register', newAccount(LIMIT), '198.51.100.99'),
      429,
      'rate-limited',
    );
  });

  it('answers the login after the limit with 429', async () => {
    const accounts = [];
    for (let i = 0; i < LIMIT + 1; i++) accounts.push({ email: uniqueEmail('login') });
    for (let i = 0; i < LIMIT; i++) {
      const wrong = await post('/auth/login', { email: accounts[i].email, password: 'guess 1' });
      expectProblem(wrong, 401, 'unauthorized');
    }
    expectRetryLater(
      await post('/auth/login', { email: accounts[LIMIT].email, password: 'guess 2' }, '1.2.3.4'),
      429,
      'rate-limited',
    );
  });

  it('answers the refresh after the limit with 429', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const refused = await post('/auth/refresh', { refreshToken: `not-a-token-${i}` });
      expectProblem(refused, 401, 'unauthorized');
    }
    expectRetryLater(
      await post('/auth/refresh', { refreshToken: 'not-a-token' }, '1.2.3.5'),
      429,
      'rate-limited',
    );
  });
});

describe('per-client limits with TRUST_PROXY=true', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi({ AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'true' });
  });
  afterAll(() => api.close());

  const registerFrom = (forwardedFor: string) =>
    api.request('POST', '/auth/register', {
      body: { email: uniqueEmail('proxied'), password: 'correct horse 1', name: 'Proxied' },
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('counts each forwarded client address on its own', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await registerFrom('203.0.113.1')).status).toBe(201);
    expectRetryLater(await registerFrom('203.0.113.1'), 429, 'rate-limited');
    expect((await registerFrom('203.0.113.2')).status).toBe(201);
  });

  it('counts a whole IPv6 /64 as one client', async () => {
    for (let i = 1; i <= LIMIT; i++) {
      expect((await registerFrom(`2001:db8:0:7::${i}`)).status).toBe(201);
    }
    expectRetryLater(await registerFrom('2001:db8:0:7::ffff'), 429, 'rate-limited');
  });
});

describe('per-client limits with TRUST_PROXY=1 (one proxy in front, appending)', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi({ AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: '1' });
  });
  afterAll(() => api.close());

  it('counts the address the proxy saw, whatever the client wrote before it', async () => {
    const refreshFrom = (forwardedFor: string) =>
      api.request('POST', '/auth/refresh', {
        body: { refreshToken: 'not-a-token' },
        headers: { 'x-forwarded-for': forwardedFor },
      });
    for (let i = 0; i < LIMIT; i++) {
      expectProblem(await refreshFrom(`10.0.0.${i}, 203.0.113.9`), 401, 'unauthorized');
    }
    expectRetryLater(await refreshFrom('10.9.9.9, 203.0.113.9'), 429, 'rate-limited');
    expectProblem(await refreshFrom('10.0.0.1, 203.0.113.10'), 401, 'unauthorized');
  });
});

describe('the bounded password-hashing queue', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi(
      {},
      { settings: { passwordHashConcurrency: 1, passwordHashMaxWaiting: 0 } },
    );
  });
  afterAll(() => api.close());

  it('answers 503 with Retry-After when it is full, appending nothing for the refused', async () => {
    const accounts = Array.from({ length: 12 }, () => ({
      email: uniqueEmail('flood'),
      password: 'correct horse 1',
      name: 'Flood',
    }));
    const answers = await Promise.all(
      accounts.map((body) => api.request('POST', '/auth/register', { body })),
    );
    const refused = accounts.filter((_, i) => answers[i].status === 503);
    expect(answers.filter((a) => a.status !== 503).map((a) => a.status)).toEqual(
      Array(accounts.length - refused.length).fill(201),
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expectRetryLater(answer, 503, 'service-unavailable');
    }
    // Nothing was claimed for them: once the flood is over they register normally.
    for (const account of refused) await register(api, account.email, account.password);
    await logIn(api, refused[0].email, refused[0].password);
  });
});
