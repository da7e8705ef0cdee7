import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { InvalidTokenError } from './errors';
import { readPrincipal } from './jwt-claims';
import { isRole, type Principal, type Role } from './principal';
import { VerifiedTokens } from './verified-tokens';

/**
 * HS256 JSON Web Tokens (RFC 7519) for access, signed and verified with `jose`. The write API
 * signs them at login and refresh; both APIs verify them with the same secret. Exactly one
 * algorithm is accepted, HS256, and nothing in a token is trusted before its signature checks out.
 */
export type AccessTokenOptions = Readonly<{
  /** At least 32 bytes; a string is used as its UTF-8 bytes (as JWT_SECRET is). */
  secret: Buffer | string;
  issuer?: string;
  audience?: string;
  /** Tolerance for clocks that run ahead of this one (iat, nbf). Expiry gets none. */
  clockSkewSeconds?: number;
  /** Verified tokens remembered until they expire (verified-tokens.ts); 0 checks every time. */
  rememberedTokens?: number;
}>;

export type AccessTokenSubject = Readonly<{ sub: string; roles: readonly Role[]; email?: string }>;

export type SignedAccessToken = Readonly<{
  token: string;
  tokenId: string;
  /** Seconds from `now` to expiry, the `expiresIn` of the login response. */
  expiresIn: number;
  expiresAt: Date;
}>;

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;
/** Longer tokens are refused before any decoding: nothing legitimate comes close. */
const MAX_TOKEN_LENGTH = 8192;
/** Three base64url segments. jose would decode a stray `=` or other byte; we refuse it first. */
const COMPACT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const ALGORITHM = 'HS256';
/** About a kilobyte each (token and principal): a few MiB for as many clients. */
const DEFAULT_REMEMBERED_TOKENS = 10_000;

export class AccessTokens {
  /**
   * Imported once: handed raw bytes, jose imports a key on every call, which tripled the CPU
   * of a verification (about 90 µs instead of 30).
   */
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly skewSeconds: number;
  private readonly verified: VerifiedTokens;

  constructor(options: AccessTokenOptions) {
    const secret = Buffer.from(options.secret);
    if (secret.length < 32) throw new RangeError('the JWT secret needs at least 32 bytes');
    this.key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    this.issuer = options.issuer ?? 'shopstream';
    this.audience = options.audience ?? 'shopstream-api';
    this.skewSeconds = options.clockSkewSeconds ?? 30;
    this.verified = new VerifiedTokens(options.rememberedTokens ?? DEFAULT_REMEMBERED_TOKENS);
  }

  async sign(
    subject: AccessTokenSubject,
    options: { expiresInSeconds?: number; now?: Date } = {},
  ): Promise<SignedAccessToken> {
    const { expiresInSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS, now = new Date() } = options;
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1) {
      throw new RangeError(`expiresInSeconds must be a positive integer, got ${expiresInSeconds}`);
    }
    if (typeof subject.sub !== 'string' || subject.sub === '') throw new TypeError('empty sub');
    if (subject.roles.length === 0 || !subject.roles.every(isRole)) {
      throw new TypeError(`roles must be a non-empty list of known roles`);
    }
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + expiresInSeconds;
    const tokenId = randomUUID();
    const token = await new SignJWT({
      roles: [...subject.roles],
      ...(subject.email === undefined ? {} : { email: subject.email }),
    })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(subject.sub)
      .setJti(tokenId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, tokenId, expiresIn: expiresInSeconds, expiresAt: new Date(exp * 1000) };
  }

  /** The caller's principal, or an InvalidTokenError whose reason is for logs only. */
  async verify(token: string, options: { now?: Date } = {}): Promise<Principal> {
    const now = options.now ?? new Date();
    const nowSeconds = now.getTime() / 1000;
    const remembered = this.verified.principalOf(token, nowSeconds);
    if (remembered) return remembered;
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenError('malformed', 'not a string of sane length');
    }
    if (!COMPACT_SHAPE.test(token)) {
      throw new InvalidTokenError('malformed', 'not three base64url segments');
    }
    // jose would say the same (JOSEAlgNotAllowed), but a missing alg would read as malformed.
    const alg = algorithmOf(token);
    if (alg !== ALGORITHM) {
      // JSON-quoted and cut short: the value is the attacker's and goes to a log line.
      throw new InvalidTokenError(
        'unsupported-algorithm',
        JSON.stringify(alg ?? null).slice(0, 40),
      );
    }
    const { payload } = await jwtVerify(token, await this.key, {
      algorithms: [ALGORITHM],
      issuer: this.issuer,
      audience: this.audience,
      clockTolerance: this.skewSeconds,
      currentDate: now,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    }).catch((error: unknown) => {
      throw invalidTokenErrorOf(error);
    });
    // jose grants exp the same tolerance as nbf and never looks at a future iat: ours do not.
    const exp = payload.exp as number;
    const iat = payload.iat as number;
    if (nowSeconds >= exp) throw new InvalidTokenError('expired');
    if (iat > nowSeconds + this.skewSeconds) {
      throw new InvalidTokenError('not-yet-valid', 'issued in the future');
    }
    const principal = readPrincipal(payload);
    // Valid from when neither iat nor nbf is ahead of the clock by more than the skew (jose
    // checked nbf with the same tolerance), until exp.
    const validFrom = Math.max(iat, typeof payload.nbf === 'number' ? payload.nbf : iat);
    this.verified.remember(token, principal, { from: validFrom - this.skewSeconds, until: exp });
    return principal;
  }
}

function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    throw new InvalidTokenError('malformed', 'header is not a JSON object');
  }
}

/** jose's refusals, in our reasons (for logs and metrics; clients only see 401). */
function invalidTokenErrorOf(error: unknown): unknown {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('bad-signature');
  }
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new InvalidTokenError('wrong-issuer');
    if (error.claim === 'aud') return new InvalidTokenError('wrong-audience');
    if (error.claim === 'nbf' && error.reason === 'check_failed') {
      return new InvalidTokenError('not-yet-valid', 'nbf');
    }
    return new InvalidTokenError('invalid-claims', `missing or invalid ${error.claim}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError('unsupported-algorithm', error.code);
  }
  if (error instanceof errors.JOSEError) return new InvalidTokenError('malformed', error.code);
  return error;
}
