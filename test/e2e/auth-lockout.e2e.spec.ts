import { PASSWORD, expectProblem, register, uniqueEmail } from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

/**
 * Issue 10, item 6: five bad passwords used to lock an email's owner out for 15 minutes,
 * whoever sent them. The lockout is now per email and client address, with a much looser
 * bound per email (50 in 15 minutes) that still stops a guesser spread over many addresses.
 */
describe('login lockout per email and client address', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi({ TRUST_PROXY: 'true' });
  });
  afterAll(() => api.close());

  const logInFrom = (address: string, email: string, password: string) =>
    api.request('POST', '/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': address },
    });

  it('locks out the address that guessed, while the owner logs in from another', async () => {
    const { email } = await register(api, uniqueEmail('victim'));
    for (let i = 0; i < 5; i++) {
      expectProblem(await logInFrom('192.0.2.66', email, `guess ${i} 1`), 401, 'unauthorized');
    }
    const guesser = await logInFrom('192.0.2.66', email, PASSWORD);
    expectProblem(guesser, 429, 'rate-limited');
    expect(Number(guesser.headers.get('retry-after'))).toBeGreaterThan(800);

    const owner = await logInFrom('192.0.2.10', email, PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.body.tokenType).toBe('Bearer');
  });

  it('stops a guesser spread over many addresses once the email has had 50 attempts', async () => {
    const { email } = await register(api, uniqueEmail('sprayed'));
    for (let i = 0; i < 50; i++) {
      const guess = await logInFrom(
        `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        email,
        `guess ${i} 1`,
      );
      expectProblem(guess, 401, 'unauthorized');
    }
    const next = await logInFrom('198.18.9.9', email, PASSWORD);
    expectProblem(next, 429, 'rate-limited');
    expect(next.body.detail).toBe('Too many failed logins for this email; retry later.');
  });
});
