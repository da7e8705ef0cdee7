import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may see what the operational endpoints keep from the public. `/health/live` and the
 * status of `/health/ready` are for anyone (orchestrators probe without credentials); the
 * dependencies' error texts name hosts and drivers, so only an admin sees them. `/metrics`
 * needs `METRICS_TOKEN` when one is set.
 */
export type OperationsAccess = Readonly<{
  metricsToken?: string;
  /** Whether a bearer token is a valid admin access token. Never throws. */
  isAdmin: (bearerToken: string) => Promise<boolean>;
}>;

export const PUBLIC_OPERATIONS: OperationsAccess = { isAdmin: () => Promise.resolve(false) };

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  return typeof authorization === 'string'
    ? /^Bearer ([^\s]+)$/i.exec(authorization)?.[1]
    : undefined;
}

/**
 * Compares a presented secret with the expected one in time that depends on neither: both are
 * hashed first, so even their lengths do not leak through timing.
 */
export function isSameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
