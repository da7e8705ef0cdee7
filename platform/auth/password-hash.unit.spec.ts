import { InvalidPasswordHashError } from './errors';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyPassword,
  verifyPasswordOfUnknownUser,
} from './password-hash';

// Cheap parameters keep the suite fast; one test covers the real defaults.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('round-trips with the default parameters and says which ones it used', async () => {
    const encoded = await hashPassword('correct horse 1');
    expect(encoded).toMatch(/^scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    await expect(verifyPassword('correct horse 1', encoded)).resolves.toBe(true);
    expect(needsRehash(encoded)).toBe(false);
  });

  it('refuses a wrong password, including near misses', async () => {
    const encoded = await hashPassword('s3cret-password', FAST);
    for (const wrong of ['s3cret-passwor', 's3cret-password ', 'S3cret-password', '']) {
      await expect(verifyPassword(wrong, encoded)).resolves.toBe(false);
    }
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a).salt.equals(parsePasswordHash(b).salt)).toBe(false);
  });

  it('verifies hashes made with older parameters and flags them for an upgrade', async () => {
    const old = await hashPassword('pa55word', FAST);
    expect(old.startsWith('scrypt$N=1024,r=8,p=1$')).toBe(true);
    await expect(verifyPassword('pa55word', old)).resolves.toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, FAST)).toBe(false);

    const stronger = { ...FAST, N: 2048, p: 2 };
    const upgraded = await hashPassword('pa55word', stronger);
    await expect(verifyPassword('pa55word', upgraded)).resolves.toBe(true);
    expect(needsRehash(upgraded, stronger)).toBe(false);
    expect(needsRehash(upgraded, DEFAULT_SCRYPT_PARAMS)).toBe(true);
  });

  it('detects a tampered hash or salt', async () => {
    const encoded = await hashPassword('pa55word', FAST);
    const { salt, hash } = parsePasswordHash(encoded);
    const flip = (bytes: Buffer) => {
      const copy = Buffer.from(bytes);
      copy[0] ^= 1;
      return copy.toString('base64').replace(/=+$/, '');
    };
    const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
    const prefix = 'scrypt$N=1024,r=8,p=1$';
    await expect(verifyPassword('pa55word', `${prefix}${flip(salt)}$${b64(hash)}`)).resolves.toBe(
      false,
    );
    await expect(verifyPassword('pa55word', `${prefix}${b64(salt)}$${flip(hash)}`)).resolves.toBe(
      false,
    );
    // The parameters are part of what is checked: the same salt and hash under another N fail.
    const otherN = `scrypt$N=2048,r=8,p=1$${b64(salt)}$${b64(hash)}`;
    await expect(verifyPassword('pa55word', otherN)).resolves.toBe(false);
  });

  it('treats canonically equivalent Unicode spellings as one password', async () => {
    const composed = 'caf\u00e9-pa55';
    const decomposed = 'cafe\u0301-pa55';
    const encoded = await hashPassword(composed, FAST);
    await expect(verifyPassword(decomposed, encoded)).resolves.toBe(true);
  });

  it.each([
    ['', 'format'],
    ['bcrypt$2b$10$abc', 'format'],
    ['scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaA', 'salt length'],
    [
      'scrypt$N=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'power of two',
    ],
    [
      'scrypt$N=1048576,r=32,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'MiB',
    ],
    [
      'scrypt$N=16384,r=8,p=99$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'p must',
    ],
  ])('refuses the unusable stored hash %j', async (encoded, problem) => {
    const attempt = verifyPassword('whatever1', encoded);
    await expect(attempt).rejects.toThrow(InvalidPasswordHashError);
    await expect(attempt).rejects.toThrow(problem);
  });

  it('refuses to create hashes with parameters it would not read back', async () => {
    await expect(hashPassword('pa55word', { N: 1000, r: 8, p: 1 })).rejects.toThrow(RangeError);
  });

  it('spends a verification on unknown users and always says no', async () => {
    await expect(verifyPasswordOfUnknownUser('anything1')).resolves.toBe(false);
  });
});
