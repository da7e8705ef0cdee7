import { createHmac, generateKeyPairSync, webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';
import { AccessTokens } from './access-tokens';
import { InvalidTokenError, type InvalidTokenReason } from './errors';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const tokens = new AccessTokens({ secret: SECRET });
const NOW = new Date('2030-01-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const after = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Builds a token by hand, so tests can sign whatever header and payload an attacker might. */
function forge(header: unknown, payload: unknown, secret: string | Buffer = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const algorithm = (header as { alg?: string }).alg === 'HS512' ? 'sha512' : 'sha256';
  return `${input}.${createHmac(algorithm, secret).update(input).digest('base64url')}`;
}

const validClaims = {
  iss: 'shopstream',
  aud: 'shopstream-api',
  sub: 'user-1',
  roles: ['customer'],
  jti: 'token-1',
  iat: NOW_S,
  exp: NOW_S + 900,
};

async function reasonFor(
  token: string,
  now: Date = NOW,
  verifier = tokens,
): Promise<InvalidTokenReason> {
  try {
    await verifier.verify(token, { now });
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('access tokens', () => {
  describe('signing and verifying', () => {
    it('round-trips the principal', async () => {
      const signed = await tokens.sign(
        { sub: 'user-1', roles: ['customer', 'admin'], email: 'a@example.com' },
        { now: NOW },
      );
      expect(signed.expiresIn).toBe(900);
      expect(signed.expiresAt).toEqual(after(900));
      expect(await tokens.verify(signed.token, { now: after(899) })).toEqual({
        userId: 'user-1',
        roles: ['customer', 'admin'],
        tokenId: signed.tokenId,
        email: 'a@example.com',
      });
    });

    it('writes the standard header and claims', async () => {
      const { token, tokenId } = await tokens.sign(
        { sub: 'u', roles: ['admin'] },
        { now: NOW, expiresInSeconds: 60 },
      );
      const [header, payload] = token.split('.').slice(0, 2).map(decode);
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toEqual({
        iss: 'shopstream',
        aud: 'shopstream-api',
        sub: 'u',
        roles: ['admin'],
        jti: tokenId,
        iat: NOW_S,
        exp: NOW_S + 60,
      });
    });

    it('gives every token its own id', async () => {
      const a = await tokens.sign({ sub: 'u', roles: ['customer'] }, { now: NOW });
      const b = await tokens.sign({ sub: 'u', roles: ['customer'] }, { now: NOW });
      expect(a.tokenId).not.toBe(b.tokenId);
    });

    it('accepts a hand-built token with the right secret (the forge helper is sound)', async () => {
      const principal = await tokens.verify(forge({ alg: 'HS256', typ: 'JWT' }, validClaims), {
        now: NOW,
      });
      expect(principal).toEqual({ userId: 'user-1', roles: ['customer'], tokenId: 'token-1' });
    });

    it('refuses to sign nonsense', async () => {
      await expect(tokens.sign({ sub: '', roles: ['customer'] })).rejects.toThrow(TypeError);
      await expect(tokens.sign({ sub: 'u', roles: [] })).rejects.toThrow(TypeError);
      await expect(
        tokens.sign({ sub: 'u', roles: ['customer'] }, { expiresInSeconds: 0 }),
      ).rejects.toThrow(RangeError);
      expect(() => new AccessTokens({ secret: 'short' })).toThrow(RangeError);
    });
  });

  describe('refusing tokens', () => {
    const good = async () =>
      (await tokens.sign({ sub: 'user-1', roles: ['customer'] }, { now: NOW })).token;

    it('a tampered payload', async () => {
      const [header, , signature] = (await good()).split('.');
      const elevated = b64({ ...validClaims, roles: ['admin'] });
      expect(await reasonFor(`${header}.${elevated}.${signature}`)).toBe('bad-signature');
    });

    it('a tampered signature', async () => {
      const token = await good();
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      expect(await reasonFor(`${token.slice(0, -2)}${last}${token.at(-1)}`)).toBe('bad-signature');
      expect(await reasonFor(`${token.slice(0, token.lastIndexOf('.'))}.`)).toBe('bad-signature');
    });

    it('one signed with another secret', async () => {
      const other = new AccessTokens({ secret: `${SECRET}-other` });
      const { token } = await other.sign({ sub: 'user-1', roles: ['admin'] }, { now: NOW });
      expect(await reasonFor(token)).toBe('bad-signature');
    });

    it.each([
      ['none', { alg: 'none', typ: 'JWT' }],
      ['NONE', { alg: 'NONE' }],
      ['HS512', { alg: 'HS512', typ: 'JWT' }],
      ['RS256', { alg: 'RS256', typ: 'JWT' }],
      ['a missing alg', { typ: 'JWT' }],
      ['crit extensions', { alg: 'HS256', crit: ['exp'] }],
    ])('alg %s', async (_name, header) => {
      expect(await reasonFor(forge(header, validClaims))).toBe('unsupported-algorithm');
    });

    it('a genuine RS256 token, whoever holds the key pair', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer('shopstream')
        .setAudience('shopstream-api')
        .setSubject('user-1')
        .setJti('token-1')
        .setIssuedAt(NOW_S)
        .setExpirationTime(NOW_S + 900)
        .sign(privateKey);
      expect(await reasonFor(token)).toBe('unsupported-algorithm');
    });

    it('an unsigned alg:none token with an empty signature', async () => {
      const token = `${b64({ alg: 'none' })}.${b64(validClaims)}.`;
      expect(await reasonFor(token)).toBe('unsupported-algorithm');
    });

    it('an expired one, exactly at exp and later', async () => {
      const token = await good();
      expect(await reasonFor(token, after(900))).toBe('expired');
      expect(await reasonFor(token, after(86_400))).toBe('expired');
    });

    it('one issued or valid too far in the future, beyond the clock skew', async () => {
      const early = forge({ alg: 'HS256' }, { ...validClaims, iat: NOW_S + 31, exp: NOW_S + 900 });
      expect(await reasonFor(early)).toBe('not-yet-valid');
      const nbf = forge({ alg: 'HS256' }, { ...validClaims, nbf: NOW_S + 120 });
      expect(await reasonFor(nbf)).toBe('not-yet-valid');
      const withinSkew = forge({ alg: 'HS256' }, { ...validClaims, iat: NOW_S + 20 });
      expect((await tokens.verify(withinSkew, { now: NOW })).userId).toBe('user-1');
    });

    it.each([
      ['sub', { sub: undefined }],
      ['empty sub', { sub: '' }],
      ['roles', { roles: undefined }],
      ['empty roles', { roles: [] }],
      ['unknown role', { roles: ['customer', 'root'] }],
      ['roles as a string', { roles: 'admin' }],
      ['jti', { jti: undefined }],
      ['exp', { exp: undefined }],
      ['exp as a string', { exp: String(NOW_S + 900) }],
      ['iat', { iat: undefined }],
      ['email as a number', { email: 42 }],
    ])('a validly signed token with a missing or bad %s', async (_name, change) => {
      expect(await reasonFor(forge({ alg: 'HS256' }, { ...validClaims, ...change }))).toBe(
        'invalid-claims',
      );
    });

    it('another issuer or audience', async () => {
      expect(await reasonFor(forge({ alg: 'HS256' }, { ...validClaims, iss: 'evil' }))).toBe(
        'wrong-issuer',
      );
      expect(await reasonFor(forge({ alg: 'HS256' }, { ...validClaims, aud: 'other-api' }))).toBe(
        'wrong-audience',
      );
      const listed = forge({ alg: 'HS256' }, { ...validClaims, aud: ['x', 'shopstream-api'] });
      expect((await tokens.verify(listed, { now: NOW })).userId).toBe('user-1');
    });

    it.each([
      ['an empty string', ''],
      ['two segments', `${b64({ alg: 'HS256' })}.${b64(validClaims)}`],
      ['four segments', `${forge({ alg: 'HS256' }, validClaims)}.extra`],
      ['a header that is not base64url', `e+J.${b64(validClaims)}.sig`],
      ['a header that is not JSON', `${b64('not json')}.${b64(validClaims)}.sig`],
      ['a header that is a JSON array', `${b64(['HS256'])}.${b64(validClaims)}.sig`],
      ['a payload that is JSON null', forge({ alg: 'HS256' }, null)],
      ['a payload that is not JSON', forge({ alg: 'HS256' }, '{"sub":')],
      ['a huge token', `${b64({ alg: 'HS256' })}.${'A'.repeat(9000)}.sig`],
    ])('%s', async (_name, token) => {
      expect(await reasonFor(token)).toBe('malformed');
    });

    it('non-canonical base64url that Node would silently accept', async () => {
      const [header, payload, signature] = (await good()).split('.');
      expect(await reasonFor(`${header}.${payload}.${signature}=`)).toBe('malformed');
      expect(await reasonFor(`${header}=.${payload}.${signature}`)).toBe('malformed');
      expect(
        await reasonFor(`${header}.${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`),
      ).toBe('malformed');
    });
  });

  describe('remembering verified tokens', () => {
    /** How many HMACs jose checks during `run`: a remembered token needs none. */
    async function signatureChecks(run: () => Promise<unknown>): Promise<number> {
      const verify = jest.spyOn(webcrypto.subtle, 'verify');
      try {
        await run();
        return verify.mock.calls.length;
      } finally {
        verify.mockRestore();
      }
    }

    it('checks a token’s signature once, then answers its principal while it is valid', async () => {
      const verifier = new AccessTokens({ secret: SECRET });
      const token = forge({ alg: 'HS256' }, { ...validClaims, jti: 'remembered' });
      const principals: unknown[] = [];
      const checks = await signatureChecks(async () => {
        for (const at of [0, 60, 899])
          principals.push(await verifier.verify(token, { now: after(at) }));
      });
      expect(checks).toBe(1);
      expect(principals).toEqual(
        Array(3).fill({ userId: 'user-1', roles: ['customer'], tokenId: 'remembered' }),
      );
    });

    it('still refuses a remembered token from its exp on, and before it was valid', async () => {
      const verifier = new AccessTokens({ secret: SECRET });
      const token = forge({ alg: 'HS256' }, { ...validClaims, nbf: NOW_S + 60 });
      await verifier.verify(token, { now: after(60) });
      expect(await reasonFor(token, after(900), verifier)).toBe('expired');
      const again = forge({ alg: 'HS256' }, { ...validClaims, jti: 'again', nbf: NOW_S + 60 });
      await verifier.verify(again, { now: after(60) });
      // nbf 60 s ahead, 30 s of skew: not before NOW + 30.
      expect(await reasonFor(again, after(29), verifier)).toBe('not-yet-valid');
      expect((await verifier.verify(again, { now: after(30) })).tokenId).toBe('again');
    });

    it('remembers only the exact token: another signature or payload is checked, and refused', async () => {
      const verifier = new AccessTokens({ secret: SECRET });
      const token = forge({ alg: 'HS256' }, validClaims);
      await verifier.verify(token, { now: NOW });
      const [header, payload, signature] = token.split('.');
      const admin = b64({ ...validClaims, roles: ['admin'] });
      expect(await reasonFor(`${header}.${admin}.${signature}`, NOW, verifier)).toBe(
        'bad-signature',
      );
      const other = forge({ alg: 'HS256' }, validClaims, `${SECRET}-other`).split('.')[2];
      expect(await reasonFor(`${header}.${payload}.${other}`, NOW, verifier)).toBe('bad-signature');
    });

    it('does not remember a refusal: a token refused as not yet valid passes once it is', async () => {
      const verifier = new AccessTokens({ secret: SECRET });
      const token = forge({ alg: 'HS256' }, { ...validClaims, iat: NOW_S + 100 });
      expect(await reasonFor(token, NOW, verifier)).toBe('not-yet-valid');
      expect((await verifier.verify(token, { now: after(100) })).userId).toBe('user-1');
    });

    it('forgets the oldest beyond its capacity, and hands out principals nobody can change', async () => {
      const verifier = new AccessTokens({ secret: SECRET, rememberedTokens: 2 });
      const [first, second, third] = ['t1', 't2', 't3'].map((jti) =>
        forge({ alg: 'HS256' }, { ...validClaims, jti }),
      );
      for (const token of [first, second, third]) await verifier.verify(token, { now: NOW });
      expect(await signatureChecks(() => verifier.verify(third, { now: NOW }))).toBe(0);
      expect(await signatureChecks(() => verifier.verify(first, { now: NOW }))).toBe(1);
      const principal = await verifier.verify(first, { now: NOW });
      expect(Object.isFrozen(principal) && Object.isFrozen(principal.roles)).toBe(true);
    });
  });
});

function decode(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}
