import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque refresh tokens `<familyId>.<generation>.<secret>`. The family id names the login
 * session (and its event stream) so a presented token finds its family without a lookup table;
 * the generation counts the family's rotations (0 at login), so a spent token is recognised by
 * its number alone and the session's state stays the same size however often it rotates. The
 * secret is 256 random bits. Only a hash of the whole token is ever stored: a leaked session
 * stream yields no usable token, and a token whose generation was edited no longer matches.
 *
 * Tokens issued before generations existed are `<familyId>.<secret>`; they still parse, as
 * generation 0 (see domain/session/decide.ts for why that is safe).
 */
export type RefreshToken = Readonly<{
  token: string;
  familyId: string;
  generation: number;
  hash: string;
}>;

export type ParsedRefreshToken = Readonly<{ familyId: string; generation: number; secret: string }>;

const FAMILY_BYTES = 16;
const SECRET_BYTES = 32;
/** A billion rotations is 28,000 years at one refresh a second; more is not a real token. */
export const MAX_REFRESH_TOKEN_GENERATION = 999_999_999;
// One spelling per generation (no leading zeros), so the number cannot be padded.
const SHAPE = /^([A-Za-z0-9_-]{22})\.(?:(0|[1-9]\d{0,8})\.)?([A-Za-z0-9_-]{43})$/;

export function newRefreshTokenFamilyId(): string {
  return randomBytes(FAMILY_BYTES).toString('base64url');
}

/**
 * A new token. Pass the family id and the next generation of the token being rotated to stay
 * in its family; a login starts a new family at generation 0.
 */
export function generateRefreshToken(
  familyId: string = newRefreshTokenFamilyId(),
  generation = 0,
): RefreshToken {
  if (!isId(familyId, FAMILY_BYTES)) throw new TypeError('not a refresh token family id');
  if (
    !Number.isInteger(generation) ||
    generation < 0 ||
    generation > MAX_REFRESH_TOKEN_GENERATION
  ) {
    throw new RangeError(`not a refresh token generation: ${generation}`);
  }
  const token = `${familyId}.${generation}.${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { token, familyId, generation, hash: hashRefreshToken(token) };
}

/** The parts of a well-formed token, or undefined for anything else a client might send. */
export function parseRefreshToken(token: unknown): ParsedRefreshToken | undefined {
  if (typeof token !== 'string') return undefined;
  const match = SHAPE.exec(token);
  if (!match || !isId(match[1], FAMILY_BYTES) || !isId(match[3], SECRET_BYTES)) return undefined;
  return { familyId: match[1], generation: Number(match[2] ?? 0), secret: match[3] };
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

/**
 * Node's decoder ignores unused trailing bits, so two spellings could decode to the same bytes;
 * only the canonical one (what encoding the bytes gives back) is an id.
 */
function isId(text: string, bytes: number): boolean {
  const decoded = Buffer.from(text, 'base64url');
  return decoded.length === bytes && decoded.toString('base64url') === text;
}
