import { bearerTokenOf, type OperationsAccess } from '../access/operations-access';
import { type CheckResult } from './health-checks';

/**
 * Readiness for whoever asks: each check's status and duration are public (a load balancer
 * needs no credentials), its error text, which may name hosts, users and drivers, only for an
 * admin token. A missing or invalid token is not an error here, only less detail.
 */
export async function checksFor(
  checks: Record<string, CheckResult>,
  access: OperationsAccess,
  authorization: string | undefined,
): Promise<Record<string, CheckResult | Omit<CheckResult, 'error'>>> {
  const token = bearerTokenOf(authorization);
  if (token !== undefined && (await access.isAdmin(token))) return checks;
  return Object.fromEntries(
    Object.entries(checks).map(([name, result]) => {
      if (result.status === 'ok') return [name, result];
      const { error: _hidden, ...rest } = result;
      return [name, rest];
    }),
  );
}
