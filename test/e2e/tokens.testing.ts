import { randomUUID } from 'node:crypto';
import { AccessTokens } from '../../platform/auth/access-tokens';
import { type Role } from '../../platform/auth/principal';
import { type AppConfig } from '../../platform/config/config';

/**
 * A valid access token for an API under test, signed with its own JWT secret, so a test can act
 * as an admin or a customer without going through registration and login.
 *
 *   const admin = await accessTokenFor(api, { roles: ['admin'] });
 */
export async function accessTokenFor(
  api: Readonly<{ config: Pick<AppConfig, 'jwtSecret'> }>,
  { userId = randomUUID(), roles }: Readonly<{ userId?: string; roles: readonly Role[] }>,
): Promise<string> {
  const secret = api.config.jwtSecret;
  if (secret === undefined) throw new Error('the API under test has no JWT_SECRET to sign with');
  return (await new AccessTokens({ secret }).sign({ sub: userId, roles })).token;
}
