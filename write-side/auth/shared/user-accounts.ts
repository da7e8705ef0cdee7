import { fold } from '../../../domain/shared/decider';
import { claimDecider, streamName as claimStream } from '../../../domain/uniqueness';
import {
  type RegisteredUser,
  type UserEvent,
  normaliseEmail,
  userDecider,
  streamName as userStream,
} from '../../../domain/user';
import { toDomainEvent } from '../../../platform/commands/domain-events';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';

/** A registered user plus what authentication needs beyond the aggregate's state. */
export type UserAccount = Readonly<{
  user: RegisteredUser;
  /** When the password last changed; sessions started before it are over. */
  passwordChangedAt?: string;
}>;

/** The email claim stream names the owner, so no read model is needed to log in. */
export async function findUserIdByEmail(
  store: EventStore,
  email: string,
): Promise<string | undefined> {
  const stream = claimStream('email', normaliseEmail(email));
  const { state } = await loadAggregate(store, claimDecider, stream);
  return state.status === 'claimed' ? state.ownerId : undefined;
}

/** The account, or undefined for a user stream that does not exist (yet). */
export async function loadUserAccount(
  store: EventStore,
  userId: string,
): Promise<UserAccount | undefined> {
  const events = (await store.readStream(userStream(userId))).map(
    (recorded) => toDomainEvent(recorded) as UserEvent,
  );
  const user = fold(userDecider, events);
  if (user.status !== 'registered') return undefined;
  let passwordChangedAt: string | undefined;
  for (const event of events) {
    if (event.type === 'UserPasswordChanged') passwordChangedAt = event.data.changedAt;
  }
  return { user, passwordChangedAt };
}

export async function findUserAccountByEmail(
  store: EventStore,
  email: string,
): Promise<UserAccount | undefined> {
  const userId = await findUserIdByEmail(store, email);
  return userId === undefined ? undefined : loadUserAccount(store, userId);
}
