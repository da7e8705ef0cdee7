import { assertNever } from '../../domain/shared/decider';
import {
  type Address,
  DEFAULT_NOTIFICATION_PREFERENCES,
  type NotificationPreferences,
  type Role,
  type UserEvent,
} from '../../domain/user';
import { type ApplyContext, type ProjectedEvent, isEventOfType } from '../runtime/projection';
import { isoTime as iso } from '../shared/iso-time';
import { addressFields } from './address';
import { type UserRow, type UsersTable } from './tables';

/** UserPasswordChanged is left out on purpose: nothing of it belongs in a read model. */
export const userEventTypes = [
  'UserRegistered',
  'UserRenamed',
  'UserAddressAdded',
  'UserAddressRemoved',
  'NotificationPreferencesChanged',
  'UserRoleGranted',
] as const satisfies readonly UserEvent['type'][];

type ProfileEvent = Extract<UserEvent, { type: (typeof userEventTypes)[number] }>;

type Profile = {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  addresses: Address[];
  notificationPreferences: NotificationPreferences;
  createdAt: string;
  updatedAt: string;
};

/**
 * Loads the users a batch touches, folds its events into them in memory, and writes each changed
 * user once. Events of a user this model never saw registered change nothing (the user stream
 * always starts with UserRegistered), mirroring the aggregate's own evolve.
 */
export async function applyUserEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<UsersTable>,
): Promise<void> {
  const userEvents = events
    .filter((projected) => isEventOfType(projected, ...userEventTypes))
    .map(({ event }) => event);
  const rows = context.rows<UserRow>('users_users', ['user_id']);
  await rows.load(userEvents.map((event) => [event.data.userId]));

  const profiles = new Map<string, Profile>();
  const current = (userId: string): Profile | undefined => {
    const row = profiles.has(userId) ? undefined : rows.get(userId);
    if (row) profiles.set(userId, fromRow(row));
    return profiles.get(userId);
  };
  for (const event of userEvents) {
    const next = evolveProfile(current(event.data.userId), event);
    if (next) profiles.set(next.userId, next);
  }

  for (const profile of profiles.values()) rows.set(toRow(profile));
  await rows.flush();
}

function evolveProfile(profile: Profile | undefined, event: ProfileEvent): Profile | undefined {
  if (event.type === 'UserRegistered') {
    const { userId, email, name, roles, registeredAt } = event.data;
    const at = iso(registeredAt);
    return {
      userId,
      email,
      name,
      roles: [...roles],
      addresses: [],
      notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!profile) return undefined;
  switch (event.type) {
    case 'UserRenamed':
      return { ...profile, name: event.data.name, updatedAt: iso(event.data.renamedAt) };
    case 'UserAddressAdded': {
      const { userId: _userId, addedAt, ...data } = event.data;
      const address = addressFields(data);
      // Re-adding an id replaces it in place, as the aggregate's Map does.
      const exists = profile.addresses.some((a) => a.addressId === address.addressId);
      const addresses = exists
        ? profile.addresses.map((a) => (a.addressId === address.addressId ? address : a))
        : [...profile.addresses, address];
      return { ...profile, addresses, updatedAt: iso(addedAt) };
    }
    case 'UserAddressRemoved': {
      const { addressId, removedAt } = event.data;
      const addresses = profile.addresses.filter((a) => a.addressId !== addressId);
      return { ...profile, addresses, updatedAt: iso(removedAt) };
    }
    case 'NotificationPreferencesChanged': {
      const { orderUpdates, marketing, changedAt } = event.data;
      return {
        ...profile,
        notificationPreferences: { orderUpdates, marketing },
        updatedAt: iso(changedAt),
      };
    }
    case 'UserRoleGranted': {
      const { role, grantedAt } = event.data;
      const roles = profile.roles.includes(role) ? profile.roles : [...profile.roles, role];
      return { ...profile, roles, updatedAt: iso(grantedAt) };
    }
    default:
      return assertNever(event);
  }
}

function toRow(profile: Profile): UserRow {
  return {
    user_id: profile.userId,
    email: profile.email,
    name: profile.name,
    roles: profile.roles,
    addresses: profile.addresses,
    notification_preferences: profile.notificationPreferences,
    created_at: profile.createdAt,
    updated_at: profile.updatedAt,
  };
}

/** A row as loaded: json parsed (or text from a driver that leaves it), times as Date. */
function fromRow(row: UserRow): Profile {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: parseJson(row.roles),
    addresses: parseJson(row.addresses),
    notificationPreferences: parseJson(row.notification_preferences),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
