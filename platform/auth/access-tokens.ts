import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { InvalidTokenError } from './errors';
import { readClaims } from './jwt-claims';
import { isRole, type Principal, type Role } from './principal';

/**
 * HS256 JSON Web Tokens (RFC 7519) for access, with node:crypto only. The write API signs them at
 * login and refresh; both APIs verify them with the same secret. Verification trusts nothing in a
 * token before its signature checks out, and accepts exactly one algorithm: HS256.
 */
export type AccessTokenOptions = Readonly<{
  /** At least 32 bytes; a string is used as its UTF-8 bytes (as JWT_SECRET is). */
  secret: Buffer | string;
  issuer?: string;
  audience?: string;
  /** Tolerance for clocks that run ahead of this one (iat, nbf). Expiry gets none. */
  clockSkewSeconds?: number;
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
const HEADER = encodeBase64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class AccessTokens {
  private readonly secret: Buffer;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly skewSeconds: number;

  constructor(options: AccessTokenOptions) {
    this.secret = Buffer.from(options.secret);
    if (this.secret.length < 32) throw new RangeError('the JWT secret needs at least 32 bytes');
    this.issuer = options.issuer ?? 'shopstream';
    this.audience = options.audience ?? 'shopstream-api';
    this.skewSeconds = options.clockSkewSeconds ?? 30;
  }

  sign(
    subject: AccessTokenSubject,
    options: { expiresInSeconds?: number; now?: Date } = {},
  ): SignedAccessToken {
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
    const payload = {
      iss: this.issuer,
      aud: this.audience,
      sub: subject.sub,
      roles: [...subject.roles],
      ...(subject.email === undefined ? {} : { email: subject.email }),
      jti: tokenId,
      iat,
      exp,
    };
    const signingInput = `${HEADER}.${encodeBase64Url(JSON.stringify(payload))}`;
    return {
      token: `${signingInput}.${encodeBase64Url(this.mac(signingInput))}`,
      tokenId,
      expiresIn: expiresInSeconds,
      expiresAt: new Date(exp * 1000),
    };
  }

  /** The caller's principal, or an InvalidTokenError whose reason is for logs only. */
  verify(token: string, options: { now?: Date } = {}): Principal {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenError('malformed', 'not a string of sane length');
    }
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('malformed', 'not three segments');
    const [headerPart, payloadPart, signaturePart] = parts;

    const header = decodeJsonObject(headerPart, 'header');
    if (header.alg !== 'HS256') {
      // JSON-quoted and cut short: the value is the attacker's and goes to a log line.
      throw new InvalidTokenError(
        'unsupported-algorithm',
        JSON.stringify(header.alg ?? null).slice(0, 40),
      );
    }
    // RFC 7515 §4.1.11: extensions listed in `crit` must be understood; this verifier knows none.
    if ('crit' in header) throw new InvalidTokenError('unsupported-algorithm', 'crit header');

    const signature = decodeBase64Url(signaturePart);
    const expected = this.mac(`${headerPart}.${payloadPart}`);
    if (
      !signature ||
      signature.length !== expected.length ||
      !timingSafeEqual(signature, expected)
    ) {
      throw new InvalidTokenError('bad-signature');
    }

    const claims = readClaims(decodeJsonObject(payloadPart, 'payload'));
    if (claims.iss !== this.issuer) throw new InvalidTokenError('wrong-issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(this.audience)) throw new InvalidTokenError('wrong-audience');

    const nowSeconds = (options.now ?? new Date()).getTime() / 1000;
    if (nowSeconds >= claims.exp) throw new InvalidTokenError('expired');
    if (claims.iat > nowSeconds + this.skewSeconds) {
      throw new InvalidTokenError('not-yet-valid', 'issued in the future');
    }
    if (claims.nbf !== undefined && claims.nbf > nowSeconds + this.skewSeconds) {
      throw new InvalidTokenError('not-yet-valid', 'nbf');
    }
    return {
      userId: claims.sub,
      roles: claims.roles,
      tokenId: claims.jti,
      ...(claims.email === undefined ? {} : { email: claims.email }),
    };
  }

  private mac(signingInput: string): Buffer {
    return createHmac('sha256', this.secret).update(signingInput).digest();
  }
}

function decodeJsonObject(segment: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64Url(segment);
  if (!bytes || bytes.length === 0) throw new InvalidTokenError('malformed', `${what} encoding`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed', `${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidTokenError('malformed', `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
