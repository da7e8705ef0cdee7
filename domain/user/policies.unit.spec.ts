import { COUNTRY_CODES } from './countries';
import { checkCountry, checkEmail, checkPasswordPolicy, normaliseEmail } from './policies';

describe('checkPasswordPolicy', () => {
  it.each(['abcdefg1', 'Pässwört9', 'a'.repeat(255) + '1'])('accepts %p', (password) => {
    expect(checkPasswordPolicy(password)).toBeUndefined();
  });

  it.each([
    ['abc1', 'must be at least 8 characters'],
    ['abcdefgh', 'must contain at least one digit'],
    ['12345678', 'must contain at least one letter'],
    ['a1'.repeat(129), 'must be at most 256 characters'],
  ])('rejects %p: %s', (password, message) => {
    expect(checkPasswordPolicy(password)).toBe(message);
  });
});

describe('email', () => {
  it('normalises by trimming and lower-casing', () => {
    expect(normaliseEmail('  Bob@Example.ORG ')).toBe('bob@example.org');
  });

  it.each(['a@b.co', 'first.last+tag@sub.example.com'])('accepts %p', (email) => {
    expect(checkEmail(email)).toBeUndefined();
  });

  it.each(['plain', 'a@b', 'a b@c.de', 'a@@b.de', 'a@b..de', `${'x'.repeat(250)}@b.de`])(
    'rejects %p',
    (email) => {
      expect(checkEmail(email)).toBeDefined();
    },
  );
});

describe('country codes', () => {
  it('hold the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect([...COUNTRY_CODES].every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    for (const code of ['DE', 'GB', 'US', 'JP', 'SS', 'AX'])
      expect(COUNTRY_CODES.has(code)).toBe(true);
    for (const code of ['UK', 'EU', 'XK', 'ZZ']) expect(COUNTRY_CODES.has(code)).toBe(false);
  });
});

describe('text lengths and country codes at the edges', () => {
  it('counts characters as code points: an emoji is one', () => {
    expect(checkPasswordPolicy('🔑🔑🔑🔑🔑🔑a1')).toBeUndefined();
    expect(checkPasswordPolicy('🔑🔑🔑a1')).toBe(checkPasswordPolicy('abcde1'));
  });

  it('accepts only ASCII letters as a country code, though toUpperCase would map others', () => {
    for (const tricky of ['ß', 'ſe', 'ıd', 'ﬁ']) expect(checkCountry(tricky)).toBeDefined();
    expect(checkCountry('de')).toBeUndefined();
  });
});
