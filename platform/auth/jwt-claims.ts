import { InvalidTokenError } from './errors';
import { isRole, type Role } from './principal';

/** The payload of a signed access token, checked field by field (RFC 7519 §4.1 plus ours). */
export type AccessTokenClaims = Readonly<{
  iss: unknown;
  aud: unknown;
  sub: string;
  roles: Role[];
  email?: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
}>;

/**
 * Reads claims from a payload whose signature already checked out. A token we signed always has
 * every one of them, so anything missing or mistyped means a bug or a forgery, never a default.
 */
export function readClaims(payload: Record<string, unknown>): AccessTokenClaims {
  const { iss, aud, sub, roles, email, jti, iat, exp, nbf } = payload;
  if (typeof sub !== 'string' || sub === '') throw invalid('sub');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw invalid('roles');
  if (email !== undefined && typeof email !== 'string') throw invalid('email');
  if (typeof jti !== 'string' || jti === '') throw invalid('jti');
  if (!isNumericDate(iat)) throw invalid('iat');
  if (!isNumericDate(exp)) throw invalid('exp');
  if (nbf !== undefined && !isNumericDate(nbf)) throw invalid('nbf');
  return { iss, aud, sub, roles: [...new Set(roles)], email, jti, iat, exp, nbf };
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function invalid(claim: string): InvalidTokenError {
  return new InvalidTokenError('invalid-claims', `missing or invalid ${claim}`);
}
