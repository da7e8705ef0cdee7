import { randomUUID } from 'node:crypto';
import { type Logger } from 'pino';
import { ConflictError, ValidationError } from '../../domain/shared/errors';
import { userDecider, streamName as userStream } from '../../domain/user';
import { type CommandContext } from '../../platform/commands/command-context';
import { type CommandRunner } from '../../platform/commands/command-runner';
import { ConfigError } from '../../platform/config/config-error';
import { positionOf } from '../shared/position.response';
import { registerUser } from './register-user/register-user';
import { findUserAccountByEmail } from './shared/user-accounts';

export type AdminCredentials = Readonly<{ email: string; password: string }>;

export type AdminAccountOutcome = Readonly<
  | { outcome: 'created' | 'granted'; userId: string; position: string }
  | { outcome: 'already-admin'; userId: string }
  /** A customer holds the email and `grantExisting` was false: nothing changed. */
  | { outcome: 'held-by-customer'; userId: string }
  /** Another registration holds the email claim but has not appended its user (yet). */
  | { outcome: 'pending' }
>;

/**
 * Makes sure an admin account with this email exists; safe to run on every start and by several
 * processes at once, since the email claim lets exactly one registration through. With
 * `grantExisting` (the CLI: an operator's explicit request) an existing user with that email is
 * granted the admin role, password unchanged; without it (the automatic bootstrap) such a user
 * keeps its roles, so registering the admin email first does not make anyone an admin.
 */
export async function ensureAdminAccount(
  runner: CommandRunner,
  credentials: AdminCredentials,
  options: { grantExisting: boolean; now?: Date },
): Promise<AdminAccountOutcome> {
  const { store } = runner;
  const context: CommandContext = {
    correlationId: randomUUID(),
    userId: null,
    now: (options.now ?? new Date()).toISOString(),
  };
  let account = await findUserAccountByEmail(store, credentials.email);
  if (!account) {
    try {
      const created = await registerUser(
        runner,
        { userId: randomUUID(), name: 'Administrator', roles: ['admin'], ...credentials },
        context,
      );
      return { outcome: 'created', ...created };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Someone registered the email meanwhile (another process starting): look again.
      account = await findUserAccountByEmail(store, credentials.email);
      if (!account) return { outcome: 'pending' };
    }
  }
  const { userId, roles } = account.user;
  if (roles.includes('admin')) return { outcome: 'already-admin', userId };
  if (!options.grantExisting) return { outcome: 'held-by-customer', userId };
  const granted = await runner.run(
    userDecider,
    userStream(userId),
    { type: 'GrantRole', data: { userId, role: 'admin', now: context.now } },
    context,
  );
  return { outcome: 'granted', userId, position: positionOf(granted) };
}

/**
 * ADMIN_EMAIL/ADMIN_PASSWORD (or `start`'s generated account) at write API start: create the
 * admin if nobody holds the email.
 * Unusable values stop the process with a ConfigError naming the variable.
 */
export async function bootstrapAdmin(
  runner: CommandRunner,
  credentials: AdminCredentials,
  logger: Logger,
): Promise<void> {
  let result: AdminAccountOutcome;
  try {
    result = await ensureAdminAccount(runner, credentials, { grantExisting: false });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const [first] = error.errors;
    const variable = first?.field === 'email' ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    throw new ConfigError(variable, first?.message ?? error.message);
  }
  switch (result.outcome) {
    case 'created':
      logger.info({ userId: result.userId, email: credentials.email }, 'admin account created');
      break;
    case 'held-by-customer':
      logger.warn(
        { userId: result.userId },
        'ADMIN_EMAIL belongs to a user without the admin role; run `shopstream users create-admin` to grant it',
      );
      break;
    case 'already-admin':
    case 'granted':
    case 'pending':
      break;
  }
}
