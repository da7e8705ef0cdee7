import { type Event } from '../shared/decider';
import { type EventSchemas, type Upcaster } from '../shared/schema';
import { normaliseEmail } from './policies';

export type Role = 'customer' | 'admin';

export type NotificationPreferences = { orderUpdates: boolean; marketing: boolean };

export type Address = {
  addressId: string;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
};

/** Version 2: `email` as the user typed it (trimmed) plus the form uniqueness is keyed by. */
export type UserRegistered = Event<
  'UserRegistered',
  {
    userId: string;
    email: string;
    normalisedEmail: string;
    name: string;
    passwordHash: string;
    roles: Role[];
    registeredAt: string;
  }
>;

/** The shape written before `normalisedEmail` existed; still found in old streams. */
export type UserRegisteredV1Data = Omit<UserRegistered['data'], 'normalisedEmail'>;

export type UserRenamed = Event<'UserRenamed', { userId: string; name: string; renamedAt: string }>;

/** Only the hash: a plaintext password never reaches an event. */
export type UserPasswordChanged = Event<
  'UserPasswordChanged',
  { userId: string; passwordHash: string; changedAt: string }
>;

export type UserAddressAdded = Event<
  'UserAddressAdded',
  Address & { userId: string; addedAt: string }
>;

export type UserAddressRemoved = Event<
  'UserAddressRemoved',
  { userId: string; addressId: string; removedAt: string }
>;

export type NotificationPreferencesChanged = Event<
  'NotificationPreferencesChanged',
  NotificationPreferences & { userId: string; changedAt: string }
>;

export type UserRoleGranted = Event<
  'UserRoleGranted',
  { userId: string; role: Role; grantedAt: string }
>;

export type UserEvent =
  | UserRegistered
  | UserRenamed
  | UserPasswordChanged
  | UserAddressAdded
  | UserAddressRemoved
  | NotificationPreferencesChanged
  | UserRoleGranted;

/** v1 -> v2: the normalised email is derivable from the stored one, so old events lose nothing. */
export const upcastUserRegisteredV1: Upcaster = (data) => ({
  ...data,
  normalisedEmail: normaliseEmail(String(data.email)),
});

export const userEventSchemas: EventSchemas<UserEvent['type']> = {
  UserRegistered: { version: 2, upcasters: { 1: upcastUserRegisteredV1 } },
  UserRenamed: { version: 1 },
  UserPasswordChanged: { version: 1 },
  UserAddressAdded: { version: 1 },
  UserAddressRemoved: { version: 1 },
  NotificationPreferencesChanged: { version: 1 },
  UserRoleGranted: { version: 1 },
};
