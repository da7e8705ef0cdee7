import {
  type RegisterUser,
  type Role,
  normaliseEmail,
  userDecider,
  streamName as userStream,
} from '../../../domain/user';
import {
  DIRECT_PASSWORD_HASHING,
  type PasswordHashing,
} from '../../../platform/auth/password-hasher';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { positionOf } from '../../shared/position.response';
import { createUnderClaim } from '../../shared/unique-claim';

export type NewUser = Readonly<{
  userId: string;
  email: string;
  name: string;
  /** Plaintext: checked against the policy, hashed, then dropped. */
  password: string;
  roles: Role[];
}>;

export type RegisteredUserResult = Readonly<{ userId: string; position: string }>;

/** Stands in for the hash while the decider validates the command before any work is done. */
const NOT_YET_HASHED = 'not-yet-hashed';

/**
 * Creates a user account: the one place that does it, for POST /auth/register, the admin
 * bootstrap and `shopstream users create-admin`. Order matters: validate everything (password
 * policy included) with the decider itself, hash (slow), then claim the email and append the
 * user with `no-stream` under that claim (../../shared/unique-claim.ts). The write API hashes
 * through its bounded queue; the CLI and the admin bootstrap hash directly.
 */
export async function registerUser(
  runner: CommandRunner,
  newUser: NewUser,
  context: CommandContext,
  passwords: PasswordHashing = DIRECT_PASSWORD_HASHING,
): Promise<RegisteredUserResult> {
  const command: RegisterUser = {
    type: 'RegisterUser',
    data: { ...newUser, passwordHash: NOT_YET_HASHED, now: context.now },
  };
  // Throws the ValidationError (400 naming each field) before anything is hashed or claimed.
  userDecider.decide(command, userDecider.initialState());
  const passwordHash = await passwords.hash(newUser.password);

  const email = normaliseEmail(newUser.email);
  const unique = {
    scope: 'email',
    key: email,
    label: `email ${email}`,
    ownerId: newUser.userId,
    ownerStream: userStream,
  } as const;
  const outcome = await createUnderClaim(runner, unique, context, () =>
    runner.run(
      userDecider,
      userStream(newUser.userId),
      { ...command, data: { ...command.data, passwordHash } },
      context,
    ),
  );
  return { userId: newUser.userId, position: positionOf(outcome) };
}
