import { type Role } from '../../domain/user/events';

export { type Role };

/** A Record over Role so the build breaks if the user aggregate gains a role this list lacks. */
const KNOWN_ROLES: Readonly<Record<Role, true>> = { customer: true, admin: true };

export const ROLES = Object.keys(KNOWN_ROLES) as readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(KNOWN_ROLES, value);
}

/** Who is calling, as proven by a verified access token. */
export type Principal = Readonly<{
  userId: string;
  roles: readonly Role[];
  /** The token's `jti`: lets logs tie requests to one login without printing the token. */
  tokenId: string;
  /** As it was at login; may be stale after an email change, so never use it for authorization. */
  email?: string;
}>;
