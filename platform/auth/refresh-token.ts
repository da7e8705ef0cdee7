import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeBase64Url, encodeBase64Url } from './base64url';

/**
 * Opaque refresh tokens `<familyId>.<secret>`. The family id names the login session (and its
 * event stream) so a presented token finds its family without a lookup table; the secret is 256
 * random bits. Only a hash is ever stored: a leaked session stream yields no usable token.
 */
export type RefreshToken = Readonly<{ token: string; familyId: string; hash: string }>;

const FAMILY_BYTES = 16;
const SECRET_BYTES = 32;
const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newRefreshTokenFamilyId(): string {
  return encodeBase64Url(randomBytes(FAMILY_BYTES));
}

/** A new token; pass the family id of the token being rotated to stay in its family. */
export function generateRefreshToken(familyId: string = newRefreshTokenFamilyId()): RefreshToken {
  if (!isId(familyId, FAMILY_BYTES)) throw new TypeError('not a refresh token family id');
  const token = `${familyId}.${encodeBase64Url(randomBytes(SECRET_BYTES))}`;
  return { token, familyId, hash: hashRefreshToken(token) };
}

/** The parts of a well-formed token, or undefined for anything else a client might send. */
export function parseRefreshToken(
  token: unknown,
): { familyId: string; secret: string } | undefined {
  if (typeof token !== 'string') return undefined;
  const match = SHAPE.exec(token);
  if (!match || !isId(match[1], FAMILY_BYTES) || !isId(match[2], SECRET_BYTES)) return undefined;
  return { familyId: match[1], secret: match[2] };
}

/** SHA-256, base64url. No salt or stretching needed: the input already has 256 bits of entropy. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Whether `token` is the one `storedHash` was made from, in constant time. */
export function refreshTokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashRefreshToken(token), 'utf8');
  const expected = Buffer.from(storedHash, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function isId(text: string, bytes: number): boolean {
  return decodeBase64Url(text)?.length === bytes;
}
