import { fold } from '../shared/decider';
import { upcast, upcastEvent } from '../shared/schema';
import { type UserEvent, type UserRegisteredV1Data, userDecider, userEventSchemas } from './index';

/** What a store hands back: data plus the schema version it was written with. */
type Stored = { type: UserEvent['type']; data: Record<string, unknown>; schemaVersion: number };

const v1Registered: UserRegisteredV1Data = {
  userId: 'u-old',
  email: 'Old.Timer@Example.com',
  name: 'Old Timer',
  passwordHash: 'h1',
  roles: ['customer'],
  registeredAt: '2023-05-01T00:00:00.000Z',
};

const read = (stored: Stored[]): UserEvent[] =>
  stored.map(
    ({ type, data, schemaVersion }) =>
      ({ type, data: upcastEvent(userEventSchemas, type, data, schemaVersion) }) as UserEvent,
  );

describe('UserRegistered upcasting', () => {
  it('lifts v1 data by deriving normalisedEmail', () => {
    expect(upcast(userEventSchemas.UserRegistered, v1Registered, 1)).toEqual({
      ...v1Registered,
      normalisedEmail: 'old.timer@example.com',
    });
  });

  it('leaves current-version data untouched', () => {
    const v2 = { ...v1Registered, normalisedEmail: 'kept-as-stored' };
    expect(upcast(userEventSchemas.UserRegistered, v2, 2)).toEqual(v2);
  });

  it('folds a stream that mixes a v1 registration with v1 and later events', () => {
    const state = fold(
      userDecider,
      read([
        { type: 'UserRegistered', data: v1Registered, schemaVersion: 1 },
        {
          type: 'UserRenamed',
          data: { userId: 'u-old', name: 'New Name', renamedAt: '2024-01-01T00:00:00.000Z' },
          schemaVersion: 1,
        },
        {
          type: 'UserRoleGranted',
          data: { userId: 'u-old', role: 'admin', grantedAt: '2024-02-01T00:00:00.000Z' },
          schemaVersion: 1,
        },
      ]),
    );
    expect(state).toMatchObject({
      status: 'registered',
      email: 'Old.Timer@Example.com',
      normalisedEmail: 'old.timer@example.com',
      name: 'New Name',
      roles: ['customer', 'admin'],
    });
  });

  it('folds a v1 registration to the same state as its v2 form', () => {
    const fromV1 = fold(
      userDecider,
      read([{ type: 'UserRegistered', data: v1Registered, schemaVersion: 1 }]),
    );
    const v2: Stored = {
      type: 'UserRegistered',
      data: { ...v1Registered, normalisedEmail: 'old.timer@example.com' },
      schemaVersion: 2,
    };
    expect(fold(userDecider, read([v2]))).toEqual(fromV1);
  });

  it('fails loudly on a version it has no upcaster for', () => {
    expect(() => upcast({ version: 3, upcasters: {} }, {}, 1)).toThrow(
      'no upcaster from schema version 1 to 2',
    );
  });
});
