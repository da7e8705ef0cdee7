import {
  generateRefreshToken,
  hashRefreshToken,
  newRefreshTokenFamilyId,
  parseRefreshToken,
  refreshTokenMatches,
} from './refresh-token';

describe('refresh tokens', () => {
  it('are <familyId>.<secret> in base64url and parse back', () => {
    const { token, familyId, hash } = generateRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(parseRefreshToken(token)).toEqual({ familyId, secret: token.split('.')[1] });
    expect(hash).toBe(hashRefreshToken(token));
  });

  it('stay in the family they rotate from, with a new secret', () => {
    const first = generateRefreshToken();
    const next = generateRefreshToken(first.familyId);
    expect(next.familyId).toBe(first.familyId);
    expect(next.token).not.toBe(first.token);
    expect(next.hash).not.toBe(first.hash);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateRefreshToken().token));
    const families = new Set(Array.from({ length: 1000 }, () => newRefreshTokenFamilyId()));
    expect(tokens.size).toBe(1000);
    expect(families.size).toBe(1000);
  });

  it('match only their own hash', () => {
    const a = generateRefreshToken();
    const b = generateRefreshToken(a.familyId);
    expect(refreshTokenMatches(a.token, a.hash)).toBe(true);
    expect(refreshTokenMatches(b.token, a.hash)).toBe(false);
    expect(refreshTokenMatches(a.token, '')).toBe(false);
    expect(refreshTokenMatches(a.token, a.hash.slice(0, -1))).toBe(false);
  });

  it('hash to SHA-256 in base64url, never to the token itself', () => {
    const { token, hash } = generateRefreshToken();
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(token.split('.')[1]);
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['no dot', 'a'.repeat(66)],
    ['short secret', `${'a'.repeat(22)}.${'b'.repeat(42)}`],
    ['padding', `${'a'.repeat(22)}.${'b'.repeat(42)}=`],
    ['three parts', `${'a'.repeat(22)}.${'b'.repeat(43)}.c`],
    ['non-canonical family id', `${'a'.repeat(21)}B.${'A'.repeat(43)}`],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
  ])('refuse to parse %s', (_name, token) => {
    expect(parseRefreshToken(token)).toBeUndefined();
  });

  it('refuse to extend a family id that is not one', () => {
    expect(() => generateRefreshToken('not-a-family')).toThrow(TypeError);
  });
});
