import {
  type RegisterUser,
  type Role,
  normaliseEmail,
  userDecider,
  streamName as userStream,
} from '../../../domain/user';
import { hashPassword } from '../../../platform/auth/password-hash';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type EventStore } from '../../../platform/event-store/port';
import { ServiceUnavailableError } from '../../../platform/http';
import { type RunDecision } from '../shared/run-decision';
import { claimEmail, releaseEmail } from './email-claim';
import { ORPHANED_CLAIM_GRACE_MS } from './orphaned-claim';

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
 * A registration that stalls between its claim and its user append for this long gives up, so
 * it cannot complete after another registration took its claim over as orphaned.
 */
const CLAIM_TO_USER_BUDGET_MS = ORPHANED_CLAIM_GRACE_MS / 3;

/**
 * Creates a user account: the one place that does it, for POST /auth/register, the admin
 * bootstrap and `shopstream users create-admin`. Order matters: validate everything (password
 * policy included) with the decider itself, hash (slow), claim the email, append the user with
 * `no-stream`, and release the claim if that append fails.
 */
export async function registerUser(
  store: EventStore,
  run: RunDecision,
  newUser: NewUser,
  context: CommandContext,
): Promise<RegisteredUserResult> {
  const command: RegisterUser = {
    type: 'RegisterUser',
    data: { ...newUser, passwordHash: NOT_YET_HASHED, now: context.now },
  };
  // Throws the ValidationError (400 naming each field) before anything is hashed or claimed.
  userDecider.decide(command, userDecider.initialState());
  const passwordHash = await hashPassword(newUser.password);

  const email = normaliseEmail(newUser.email);
  const claimedAt = Date.now();
  await claimEmail(store, run, email, newUser.userId, context);
  try {
    if (Date.now() - claimedAt > CLAIM_TO_USER_BUDGET_MS) {
      throw new ServiceUnavailableError('The registration took too long; please retry.');
    }
    const outcome = await run(
      userDecider,
      userStream(newUser.userId),
      { ...command, data: { ...command.data, passwordHash } },
      context,
    );
    return { userId: newUser.userId, position: outcome.position as string };
  } catch (error) {
    // Best effort: a claim left behind is an orphan that a later registration takes over.
    await releaseEmail(run, email, newUser.userId, context).catch(() => undefined);
    throw error;
  }
}
