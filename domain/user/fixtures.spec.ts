import { type RegisterUser, type UserAddressAdded, type UserRegistered } from './index';

/** Shared by the user specs (not a suite itself). */
export const userId = 'u-1';
export const now = '2025-01-02T03:04:05.000Z';
export const registeredAt = '2025-01-01T00:00:00.000Z';

export const register = (data: Partial<RegisterUser['data']> = {}): RegisterUser => ({
  type: 'RegisterUser',
  data: {
    userId,
    email: '  Alice.Smith@Example.COM ',
    name: ' Alice ',
    password: 'correct horse 1',
    passwordHash: 'scrypt$hash',
    roles: ['customer'],
    now,
    ...data,
  },
});

export const registered: UserRegistered = {
  type: 'UserRegistered',
  data: {
    userId,
    email: 'Alice.Smith@Example.COM',
    normalisedEmail: 'alice.smith@example.com',
    name: 'Alice',
    passwordHash: 'scrypt$hash',
    roles: ['customer'],
    registeredAt,
  },
};

export const homeAddressAdded: UserAddressAdded = {
  type: 'UserAddressAdded',
  data: {
    userId,
    addressId: 'a-1',
    label: 'Home',
    line1: '1 Main St',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
    addedAt: registeredAt,
  },
};
