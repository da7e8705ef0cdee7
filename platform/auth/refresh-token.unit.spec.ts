import {
  generateRefreshToken,
  hashRefreshToken,
  newRefreshTokenFamilyId,
  parseRefreshToken,
  refreshTokenMatches,
} from './refresh-token';

describe('refresh tokens', () => {
  it('are <familyId>.<generation>.<secret> in base64url and parse back', () => {
    const { token, familyId, generation, hash } = generateRefreshToken();
    expect(generation).toBe(0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.0\.[A-Za-z0-9_-]{43}$/);
    expect(parseRefreshToken(token)).toEqual({
      familyId,
      generation: 0,
      secret: token.split('.')[2],
    });
    expect(hash).toBe(hashRefreshToken(token));
  });

  it('parse the tokens issued before generations as generation 0', () => {
    const legacy = `${newRefreshTokenFamilyId()}.${'A'.repeat(43)}`;
    expect(parseRefreshToken(legacy)).toEqual({
      familyId: legacy.split('.')[0],
      generation: 0,
      secret: 'A'.repeat(43),
    });
  });

  it('stay in the family they rotate from, with a new secret and the given generation', () => {
    const first = generateRefreshToken();
    const next = generateRefreshToken(first.familyId, 7);
    expect(next.familyId).toBe(first.familyId);
    expect(parseRefreshToken(next.token)?.generation).toBe(7);
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
    expect(hash).not.toContain(token.split('.')[2]);
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['no dot', 'a'.repeat(66)],
    ['short secret', `${'a'.repeat(22)}.${'b'.repeat(42)}`],
    ['padding', `${'a'.repeat(22)}.${'b'.repeat(42)}=`],
    ['three parts, the last not a secret', `${'a'.repeat(22)}.${'b'.repeat(43)}.c`],
    ['a padded generation', `${'a'.repeat(22)}.01.${'A'.repeat(43)}`],
    ['a signed generation', `${'a'.repeat(22)}.-1.${'A'.repeat(43)}`],
    ['a generation past a billion', `${'a'.repeat(22)}.1000000000.${'A'.repeat(43)}`],
    ['non-canonical family id', `${'a'.repeat(21)}B.${'A'.repeat(43)}`],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
  ])('refuse to parse %s', (_name, token) => {
    expect(parseRefreshToken(token)).toBeUndefined();
  });

  it('refuse to extend a family id that is not one, or to name a generation that is not one', () => {
    expect(() => generateRefreshToken('not-a-family')).toThrow(TypeError);
    const { familyId } = generateRefreshToken();
    expect(() => generateRefreshToken(familyId, -1)).toThrow(RangeError);
    expect(() => generateRefreshToken(familyId, 1.5)).toThrow(RangeError);
  });
});
