import { randomUUID } from 'node:crypto';
import {
  type UserCommand,
  type UserRegisteredV1Data,
  type UserState,
  streamName,
  userDecider,
} from '../../domain/user';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { usersProjection } from './index';
import { findUserProfile } from './queries';

const START = Date.parse('2025-03-01T08:00:00.000Z');
const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString();

/** Sends commands through the user decider and appends what it decides, as the write side does. */
class Users {
  private readonly states = new Map<string, UserState>();
  constructor(private readonly fixture: ProjectionFixture) {}

  async send(...commands: UserCommand[]): Promise<void> {
    for (const command of commands) {
      const { userId, now } = command.data;
      const state = this.states.get(userId) ?? userDecider.initialState();
      const events = userDecider.decide(command, state);
      if (events.length > 0) await this.fixture.append(streamName(userId), events, { at: now });
      this.states.set(userId, events.reduce(userDecider.evolve, state));
    }
  }

  async register(now: string, email = `${randomUUID()}@Example.com`): Promise<string> {
    const userId = randomUUID();
    await this.send({
      type: 'RegisterUser',
      data: {
        userId,
        email,
        name: 'Alice',
        password: 'correct horse 1',
        passwordHash: 'scrypt$secret-hash',
        roles: ['customer'],
        now,
      },
    });
    return userId;
  }
}

const addAddress = (
  userId: string,
  addressId: string,
  now: string,
  extra: { label?: string; line2?: string } = {},
): UserCommand => ({
  type: 'AddAddress',
  data: {
    userId,
    addressId,
    line1: `${addressId.slice(0, 4)} Main St`,
    city: 'Berlin',
    postalCode: '10115',
    country: 'de',
    now,
    ...extra,
  },
});

describe('users projection', () => {
  let fixture: ProjectionFixture;
  let users: Users;

  beforeEach(async () => {
    fixture = await createProjectionFixture([usersProjection]);
    users = new Users(fixture);
  });
  afterEach(() => fixture.close());

  it('shows a freshly registered user with the default preferences and no addresses', async () => {
    const userId = await users.register(at(0), '  Alice@Example.com ');
    await fixture.catchUp();

    expect(await findUserProfile(fixture.db, userId)).toEqual({
      userId,
      email: 'Alice@Example.com',
      name: 'Alice',
      roles: ['customer'],
      addresses: [],
      notificationPreferences: { orderUpdates: true, marketing: false },
      createdAt: at(0),
    });
    expect(await findUserProfile(fixture.db, randomUUID())).toBeUndefined();
  });

  it('follows renames, addresses in the order added, preferences and granted roles', async () => {
    const userId = await users.register(at(0));
    const [home, work, cabin] = [randomUUID(), randomUUID(), randomUUID()];
    await users.send(
      addAddress(userId, home, at(1), { label: 'Home' }),
      addAddress(userId, work, at(2), { line2: 'Floor 3' }),
      { type: 'RenameUser', data: { userId, name: ' Alice B. ', now: at(3) } },
      addAddress(userId, cabin, at(4)),
      { type: 'RemoveAddress', data: { userId, addressId: home, now: at(5) } },
      {
        type: 'ChangeNotificationPreferences',
        data: { userId, orderUpdates: false, marketing: true, now: at(6) },
      },
      { type: 'GrantRole', data: { userId, role: 'admin', now: at(7) } },
      {
        type: 'ChangePassword',
        data: { userId, newPassword: 'another 2', passwordHash: 'x', now: at(8) },
      },
    );
    await fixture.catchUp({ batchSize: 2 });

    expect(await findUserProfile(fixture.db, userId)).toEqual({
      userId,
      email: expect.any(String),
      name: 'Alice B.',
      roles: ['customer', 'admin'],
      addresses: [
        {
          addressId: work,
          line1: `${work.slice(0, 4)} Main St`,
          line2: 'Floor 3',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        {
          addressId: cabin,
          line1: `${cabin.slice(0, 4)} Main St`,
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      ],
      notificationPreferences: { orderUpdates: false, marketing: true },
      createdAt: at(0),
    });
    const { rows } = await fixture.db.raw(`SELECT updated_at FROM users_users WHERE user_id = ?`, [
      userId,
    ]);
    // The password change is no profile change: updatedAt is the role grant's.
    expect(new Date(rows[0].updated_at).toISOString()).toBe(at(7));
  });

  it('never stores a password hash', async () => {
    const userId = await users.register(at(0));
    await users.send({
      type: 'ChangePassword',
      data: { userId, newPassword: 'another 2', passwordHash: 'scrypt$new-hash', now: at(1) },
    });
    await fixture.catchUp();

    const { rows } = await fixture.db.raw(`SELECT t::text AS row FROM users_users t`);
    expect(rows).toHaveLength(1);
    expect(rows[0].row).toContain(userId);
    expect(rows[0].row).not.toMatch(/scrypt|hash/i);
  });

  it('reads users registered with the v1 event shape', async () => {
    const userId = randomUUID();
    const v1: UserRegisteredV1Data = {
      userId,
      email: 'Old@Example.com',
      name: 'Old Timer',
      passwordHash: 'scrypt$old',
      roles: ['customer'],
      registeredAt: at(0),
    };
    await fixture.store.append(
      streamName(userId),
      [
        {
          eventId: randomUUID(),
          type: 'UserRegistered',
          data: v1,
          metadata: {
            correlationId: randomUUID(),
            causationId: randomUUID(),
            userId: null,
            occurredAt: at(0),
            schemaVersion: 1,
          },
        },
      ],
      'no-stream',
    );
    await fixture.catchUp();

    expect(await findUserProfile(fixture.db, userId)).toMatchObject({
      userId,
      email: 'Old@Example.com',
      name: 'Old Timer',
    });
  });

  it('yields the same table whether events arrive one at a time, in stages or all at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) ids.push(await users.register(at(i)));
    await fixture.catchUp({ batchSize: 1 });
    for (const [i, userId] of ids.entries()) {
      const addresses = [randomUUID(), randomUUID(), randomUUID()];
      await users.send(
        addAddress(userId, addresses[0], at(20 + i)),
        addAddress(userId, addresses[1], at(21 + i), { label: 'Work' }),
        { type: 'RenameUser', data: { userId, name: `User ${i}`, now: at(22 + i) } },
      );
      if (i % 2 === 0) {
        await users.send(
          { type: 'RemoveAddress', data: { userId, addressId: addresses[0], now: at(23 + i) } },
          addAddress(userId, addresses[2], at(24 + i)),
        );
      }
      if (i % 3 === 0) {
        await users.send({
          type: 'ChangeNotificationPreferences',
          data: { userId, orderUpdates: false, marketing: true, now: at(25 + i) },
        });
      }
      if (i % 4 === 0) {
        await users.send({ type: 'GrantRole', data: { userId, role: 'admin', now: at(26 + i) } });
      }
    }
    await fixture.catchUp({ batchSize: 5 });
    const live = await fixture.checksums(usersProjection);
    expect(live.users_users).toMatch(/^12:/);

    await fixture.rebuild();
    expect(await fixture.checksums(usersProjection)).toEqual(live);
  });
});
