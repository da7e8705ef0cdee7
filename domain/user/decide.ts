import { assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError } from '../shared/errors';
import { FieldErrors, checkOptionalText, checkText, trimOptional } from '../shared/validation';
import {
  type AddAddress,
  type ChangeNotificationPreferences,
  type ChangePassword,
  type GrantRole,
  type RegisterUser,
  type RemoveAddress,
  type RenameUser,
  type UserCommand,
} from './commands';
import { type Role, type UserEvent } from './events';
import {
  ADDRESS_LIMITS,
  MAX_ADDRESSES,
  NAME_MAX_LENGTH,
  checkCountry,
  checkEmail,
  checkPasswordPolicy,
  normaliseCountry,
  normaliseEmail,
} from './policies';
import { type RegisteredUser, type UserState } from './state';

const ROLES: readonly Role[] = ['customer', 'admin'];

export function registerUser({ data }: RegisterUser, state: UserState): UserEvent[] {
  if (state.status === 'registered') {
    throw new IllegalStateError(`user ${state.userId} is already registered`);
  }
  new FieldErrors()
    .add('email', checkEmail(data.email))
    .add('password', checkPasswordPolicy(data.password))
    .add('passwordHash', checkText(data.passwordHash, { max: 1024 }))
    .add('name', checkText(data.name, { max: NAME_MAX_LENGTH }))
    .add('roles', checkRoles(data.roles))
    .throwIfAny();
  const email = data.email.trim();
  return [
    {
      type: 'UserRegistered',
      data: {
        userId: data.userId,
        email,
        normalisedEmail: normaliseEmail(email),
        name: data.name.trim(),
        passwordHash: data.passwordHash,
        roles: ROLES.filter((role) => data.roles.includes(role)),
        registeredAt: data.now,
      },
    },
  ];
}

export function renameUser({ data }: RenameUser, state: UserState): UserEvent[] {
  const user = requireRegistered(state);
  new FieldErrors().add('name', checkText(data.name, { max: NAME_MAX_LENGTH })).throwIfAny();
  const name = data.name.trim();
  if (name === user.name) return [];
  return [{ type: 'UserRenamed', data: { userId: user.userId, name, renamedAt: data.now } }];
}

export function changePassword({ data }: ChangePassword, state: UserState): UserEvent[] {
  const user = requireRegistered(state);
  new FieldErrors()
    .add('newPassword', checkPasswordPolicy(data.newPassword))
    .add('passwordHash', checkText(data.passwordHash, { max: 1024 }))
    .throwIfAny();
  return [
    {
      type: 'UserPasswordChanged',
      data: { userId: user.userId, passwordHash: data.passwordHash, changedAt: data.now },
    },
  ];
}

export function addAddress({ data }: AddAddress, state: UserState): UserEvent[] {
  const user = requireRegistered(state);
  new FieldErrors()
    .add('label', checkOptionalText(data.label, ADDRESS_LIMITS.label))
    .add('line1', checkText(data.line1, { max: ADDRESS_LIMITS.line1 }))
    .add('line2', checkOptionalText(data.line2, ADDRESS_LIMITS.line2))
    .add('city', checkText(data.city, { max: ADDRESS_LIMITS.city }))
    .add('postalCode', checkText(data.postalCode, { max: ADDRESS_LIMITS.postalCode }))
    .add('country', checkCountry(data.country))
    .throwIfAny();
  if (user.addresses.has(data.addressId)) {
    throw new IllegalStateError(`address ${data.addressId} already exists`);
  }
  if (user.addresses.size >= MAX_ADDRESSES) {
    throw new IllegalStateError(`a user may keep at most ${MAX_ADDRESSES} addresses`);
  }
  const label = trimOptional(data.label);
  const line2 = trimOptional(data.line2);
  return [
    {
      type: 'UserAddressAdded',
      data: {
        userId: user.userId,
        addressId: data.addressId,
        ...(label !== undefined && { label }),
        line1: data.line1.trim(),
        ...(line2 !== undefined && { line2 }),
        city: data.city.trim(),
        postalCode: data.postalCode.trim(),
        country: normaliseCountry(data.country),
        addedAt: data.now,
      },
    },
  ];
}

export function removeAddress({ data }: RemoveAddress, state: UserState): UserEvent[] {
  const user = requireRegistered(state);
  if (!user.addresses.has(data.addressId)) {
    throw new NotFoundError(`address ${data.addressId} not found`);
  }
  return [
    {
      type: 'UserAddressRemoved',
      data: { userId: user.userId, addressId: data.addressId, removedAt: data.now },
    },
  ];
}

export function changeNotificationPreferences(
  { data }: ChangeNotificationPreferences,
  state: UserState,
): UserEvent[] {
  const user = requireRegistered(state);
  const { orderUpdates, marketing } = data;
  new FieldErrors()
    .add('orderUpdates', typeof orderUpdates === 'boolean' ? undefined : 'must be a boolean')
    .add('marketing', typeof marketing === 'boolean' ? undefined : 'must be a boolean')
    .throwIfAny();
  const current = user.notificationPreferences;
  // A PUT that changes nothing records nothing.
  if (current.orderUpdates === orderUpdates && current.marketing === marketing) return [];
  return [
    {
      type: 'NotificationPreferencesChanged',
      data: { userId: user.userId, orderUpdates, marketing, changedAt: data.now },
    },
  ];
}

export function grantRole({ data }: GrantRole, state: UserState): UserEvent[] {
  const user = requireRegistered(state);
  new FieldErrors()
    .add('role', ROLES.includes(data.role) ? undefined : 'unknown role')
    .throwIfAny();
  if (user.roles.includes(data.role)) return [];
  return [
    {
      type: 'UserRoleGranted',
      data: { userId: user.userId, role: data.role, grantedAt: data.now },
    },
  ];
}

export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state);
    case 'RenameUser':
      return renameUser(command, state);
    case 'ChangePassword':
      return changePassword(command, state);
    case 'AddAddress':
      return addAddress(command, state);
    case 'RemoveAddress':
      return removeAddress(command, state);
    case 'ChangeNotificationPreferences':
      return changeNotificationPreferences(command, state);
    case 'GrantRole':
      return grantRole(command, state);
    default:
      return assertNever(command);
  }
}

function requireRegistered(state: UserState): RegisteredUser {
  if (state.status !== 'registered') throw new NotFoundError('user not found');
  return state;
}

function checkRoles(roles: unknown): string | undefined {
  if (!Array.isArray(roles) || roles.length === 0) return 'must name at least one role';
  if (!roles.every((role) => ROLES.includes(role as Role))) {
    return `must only contain ${ROLES.join(', ')}`;
  }
  return undefined;
}
