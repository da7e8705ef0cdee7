import { Command } from 'commander';
import { DomainError } from '../domain/shared/errors';
import { CommandRunner } from '../platform/commands/command-runner';
import { loadConfig } from '../platform/config/config';
import { type Env } from '../platform/config/parse';
import { openEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { type AdminAccountOutcome } from '../write-side/main';
import { commandContext } from './command-context';
import { operatorCommand } from './control/operator-command';
import { write } from './text-output';

export type CreateAdminOptions = Readonly<{ email: string; password: string }>;

/**
 * `shopstream users create-admin --email E --password P`: an admin account, created through the
 * same registration path as POST /auth/register, straight against the configured event store.
 * If a user already holds the email, it is granted the admin role (its password is unchanged).
 */
export async function createAdmin(
  options: CreateAdminOptions,
  env: Env = process.env,
): Promise<string> {
  // Loaded on use, like the write API itself: the other commands start without NestJS.
  const { ensureAdminAccount } = await import('../write-side/main');
  return withEventStore(env, async (store) => {
    try {
      const runner = new CommandRunner(store);
      return describe(
        options.email,
        await ensureAdminAccount(runner, options, { grantExisting: true }),
      );
    } catch (error) {
      // A rule of the domain (password policy, email format): say it as a one-line failure.
      if (error instanceof DomainError) throw new Error(`cannot create admin: ${error.message}`);
      throw error;
    }
  });
}

/** The running process's event store (through its control socket), or one opened for this. */
async function withEventStore<T>(env: Env, work: (store: EventStore) => Promise<T>): Promise<T> {
  const running = commandContext().stores;
  if (running) return work(running.eventStore);
  const store = await openEventStore(loadConfig(env).eventStore);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function describe(email: string, result: AdminAccountOutcome): string {
  switch (result.outcome) {
    case 'created':
      return `created admin ${email} (user ${result.userId})`;
    case 'granted':
      return `granted the admin role to existing user ${email} (user ${result.userId}); password unchanged`;
    case 'already-admin':
      return `${email} is already an admin (user ${result.userId})`;
    case 'held-by-customer':
      throw new Error(`cannot create admin: ${email} belongs to a user who was not granted admin`);
    case 'pending':
      throw new Error(
        `cannot create admin: ${email} is being registered by another request; retry in a minute`,
      );
  }
}

export function usersCommand(): Command {
  const users = new Command('users').description('Manage user accounts');
  operatorCommand(
    users
      .command('create-admin')
      .description(
        'Create an admin account, or grant the admin role to the user who already has the email',
      )
      .requiredOption('--email <email>', 'the admin’s email (login name)')
      .requiredOption(
        '--password <password>',
        'at least 8 characters with a letter and a digit; ignored when the user already exists',
      ),
    async (options: CreateAdminOptions) => write([await createAdmin(options)]),
  );
  return users;
}
