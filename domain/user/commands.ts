import { type Command } from '../shared/decider';
import { type Role } from './events';

/**
 * `password` is the plaintext, present only so the domain can enforce the policy; the write side
 * hashes it before building the command and nothing but `passwordHash` is ever stored.
 */
export type RegisterUser = Command<
  'RegisterUser',
  {
    userId: string;
    email: string;
    name: string;
    password: string;
    passwordHash: string;
    roles: Role[];
    now: string;
  }
>;

export type RenameUser = Command<'RenameUser', { userId: string; name: string; now: string }>;

/** The write side verifies the current password (401) before sending this. */
export type ChangePassword = Command<
  'ChangePassword',
  { userId: string; newPassword: string; passwordHash: string; now: string }
>;

export type AddAddress = Command<
  'AddAddress',
  {
    userId: string;
    addressId: string;
    label?: string;
    line1: string;
    line2?: string;
    city: string;
    postalCode: string;
    country: string;
    now: string;
  }
>;

export type RemoveAddress = Command<
  'RemoveAddress',
  { userId: string; addressId: string; now: string }
>;

export type ChangeNotificationPreferences = Command<
  'ChangeNotificationPreferences',
  { userId: string; orderUpdates: boolean; marketing: boolean; now: string }
>;

export type GrantRole = Command<'GrantRole', { userId: string; role: Role; now: string }>;

export type UserCommand =
  | RegisterUser
  | RenameUser
  | ChangePassword
  | AddAddress
  | RemoveAddress
  | ChangeNotificationPreferences
  | GrantRole;
