import { type AppConfig } from '../config/config';
import { type OperationsAccess } from '../http/access/operations-access';
import { AccessTokens } from './access-tokens';
import { loadJwtSecret } from './jwt-secret';

/**
 * What the operational endpoints of a process need to know: METRICS_TOKEN, and whether a bearer
 * token is an admin's access token (signed with the same secret the APIs use).
 */
export function operationsAccess(
  config: Pick<AppConfig, 'metricsToken'>,
  tokens: AccessTokens,
): OperationsAccess {
  return {
    metricsToken: config.metricsToken,
    isAdmin: async (token) => {
      try {
        // Promise.resolve: the same whether verification is synchronous or not.
        const principal = await Promise.resolve(tokens.verify(token));
        return principal.roles.includes('admin');
      } catch {
        // Invalid or expired: the caller is the public, which still gets an answer.
        return false;
      }
    },
  };
}

/** For the worker processes, which verify no other token than an operator's. */
export async function loadOperationsAccess(
  config: Pick<AppConfig, 'metricsToken' | 'jwtSecret' | 'dataDir'>,
): Promise<OperationsAccess> {
  const secret = await loadJwtSecret(config);
  return operationsAccess(config, new AccessTokens({ secret: secret.key }));
}
