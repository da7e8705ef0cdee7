import { assertNever } from '../shared/decider';
import { type Address, type NotificationPreferences, type Role, type UserEvent } from './events';

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  orderUpdates: true,
  marketing: false,
};

export type UnregisteredUser = { status: 'unregistered' };

export type RegisteredUser = {
  status: 'registered';
  userId: string;
  email: string;
  normalisedEmail: string;
  name: string;
  passwordHash: string;
  roles: readonly Role[];
  /** Keyed by addressId, in the order they were added. */
  addresses: ReadonlyMap<string, Address>;
  notificationPreferences: NotificationPreferences;
  registeredAt: string;
};

export type UserState = UnregisteredUser | RegisteredUser;

export const initialState = (): UserState => ({ status: 'unregistered' });

export function evolve(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { userId, email, normalisedEmail, name, passwordHash, roles, registeredAt } = event.data;
    return {
      status: 'registered',
      userId,
      email,
      normalisedEmail,
      name,
      passwordHash,
      roles: [...roles],
      addresses: new Map(),
      notificationPreferences: DEFAULT_NOTIFICATION_PREFERENCES,
      registeredAt,
    };
  }
  // Every other event only follows registration; a stream that says otherwise is ignored here.
  if (state.status !== 'registered') return state;

  switch (event.type) {
    case 'UserRenamed':
      return { ...state, name: event.data.name };
    case 'UserPasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash };
    case 'UserAddressAdded': {
      const { userId: _userId, addedAt: _addedAt, ...address } = event.data;
      return { ...state, addresses: new Map(state.addresses).set(address.addressId, address) };
    }
    case 'UserAddressRemoved': {
      const addresses = new Map(state.addresses);
      addresses.delete(event.data.addressId);
      return { ...state, addresses };
    }
    case 'NotificationPreferencesChanged': {
      const { orderUpdates, marketing } = event.data;
      return { ...state, notificationPreferences: { orderUpdates, marketing } };
    }
    case 'UserRoleGranted': {
      const { role } = event.data;
      return state.roles.includes(role) ? state : { ...state, roles: [...state.roles, role] };
    }
    default:
      return assertNever(event);
  }
}
