import { type JWTPayload } from 'jose';
import { InvalidTokenError } from './errors';
import { isRole, type Principal } from './principal';

/**
 * Our own claims of a token whose signature, issuer, audience and times jose has checked. A
 * token we signed always has every one of them, so anything missing or mistyped means a bug or
 * a forgery, never a default.
 */
export function readPrincipal(payload: JWTPayload): Principal {
  const { sub, roles, email, jti } = payload;
  if (typeof sub !== 'string' || sub === '') throw invalid('sub');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) throw invalid('roles');
  if (email !== undefined && typeof email !== 'string') throw invalid('email');
  if (typeof jti !== 'string' || jti === '') throw invalid('jti');
  return {
    userId: sub,
    roles: [...new Set(roles)],
    tokenId: jti,
    ...(email === undefined ? {} : { email }),
  };
}

function invalid(claim: string): InvalidTokenError {
  return new InvalidTokenError('invalid-claims', `missing or invalid ${claim}`);
}
