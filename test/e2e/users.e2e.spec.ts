import { randomUUID } from 'node:crypto';
import { streamName as sessionStream } from '../../domain/session';
import { streamName as userStream } from '../../domain/user';
import { AccessTokens } from '../../platform/auth/access-tokens';
import { parseRefreshToken } from '../../platform/auth/refresh-token';
import {
  type Account,
  PASSWORD,
  eventTypes,
  expectProblem,
  logIn,
  signUp,
} from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

const HOME = {
  label: 'Home',
  line1: '1 Main St',
  city: 'Berlin',
  postalCode: '10115',
  country: 'de',
};

describe('users write API (/users/me)', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  const send = (method: string, path: string, account: Account | undefined, body?: unknown) =>
    api.request(method, path, { token: account?.tokens.accessToken, body });
  const eventsOf = async (account: Account) =>
    api.eventStore.readStream(userStream(account.userId));

  describe('PATCH /users/me', () => {
    it('renames: 200 with the position of UserRenamed', async () => {
      const alice = await signUp(api);
      const response = await send('PATCH', '/users/me', alice, { name: '  Alice B. ' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const last = (await eventsOf(alice)).at(-1)!;
      expect(last).toMatchObject({
        type: 'UserRenamed',
        data: { userId: alice.userId, name: 'Alice B.' },
        position: response.body.position,
      });
    });

    it('records nothing for the same name and answers the current position', async () => {
      const bob = await signUp(api);
      const first = await send('PATCH', '/users/me', bob, { name: 'Bob' });
      const again = await send('PATCH', '/users/me', bob, { name: 'Bob' });
      expect(again.status).toBe(200);
      expect(again.body.position).toBe(first.body.position);
      expect(await eventTypes(api, userStream(bob.userId))).toEqual([
        'UserRegistered',
        'UserRenamed',
      ]);
    });

    it('refuses a blank name, a missing name and unknown fields with 400 naming them', async () => {
      const carol = await signUp(api);
      expectProblem(await send('PATCH', '/users/me', carol, { name: '   ' }), 400, 'validation', [
        'name',
      ]);
      expectProblem(await send('PATCH', '/users/me', carol, {}), 400, 'validation', ['name']);
      expectProblem(
        await send('PATCH', '/users/me', carol, { name: 'Carol', email: 'x@example.com' }),
        400,
        'validation',
        ['email'],
      );
      expect(await eventTypes(api, userStream(carol.userId))).toEqual(['UserRegistered']);
    });

    it('needs a bearer token', async () => {
      expectProblem(
        await send('PATCH', '/users/me', undefined, { name: 'Nobody' }),
        401,
        'unauthorized',
      );
    });
  });

  describe('PUT /users/me/password', () => {
    it('changes the password: the new one logs in, the old one does not, no plaintext stored', async () => {
      const dave = await signUp(api);
      const newPassword = 'a much better 2';
      const response = await send('PUT', '/users/me/password', dave, {
        currentPassword: PASSWORD,
        newPassword,
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ position: expect.any(String) });
      const events = await eventsOf(dave);
      expect(events.map((e) => e.type)).toEqual(['UserRegistered', 'UserPasswordChanged']);
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain(newPassword);

      await logIn(api, dave.email, newPassword);
      expectProblem(
        await api.request('POST', '/auth/login', {
          body: { email: dave.email, password: PASSWORD },
        }),
        401,
        'unauthorized',
      );
    });

    it('ends sessions started before the change at their next refresh', async () => {
      const erin = await signUp(api);
      const changed = await send('PUT', '/users/me/password', erin, {
        currentPassword: PASSWORD,
        newPassword: 'rotated secret 3',
      });
      expect(changed.status).toBe(200);
      const refresh = await api.request('POST', '/auth/refresh', {
        body: { refreshToken: erin.tokens.refreshToken },
      });
      expectProblem(refresh, 401, 'unauthorized');
      const familyId = parseRefreshToken(erin.tokens.refreshToken)!.familyId;
      const session = await api.eventStore.readStream(sessionStream(familyId));
      expect(session.map((e) => [e.type, e.data.reason])).toEqual([
        ['SessionStarted', undefined],
        ['SessionRevoked', 'password-changed'],
      ]);
      // A login with the new password starts a session that refreshes fine.
      const fresh = await logIn(api, erin.email, 'rotated secret 3');
      const refreshed = await api.request('POST', '/auth/refresh', {
        body: { refreshToken: fresh.refreshToken },
      });
      expect(refreshed.status).toBe(200);
    });

    it('answers 401 for a wrong current password and changes nothing', async () => {
      const frank = await signUp(api);
      const response = await send('PUT', '/users/me/password', frank, {
        currentPassword: 'not it at all 1',
        newPassword: 'whatever new 4',
      });
      expectProblem(response, 401, 'unauthorized');
      expect(await eventTypes(api, userStream(frank.userId))).toEqual(['UserRegistered']);
      await logIn(api, frank.email);
    });

    it('answers 429 after 5 wrong current passwords', async () => {
      const gina = await signUp(api);
      const attempt = (currentPassword: string) =>
        send('PUT', '/users/me/password', gina, { currentPassword, newPassword: 'new secret 55' });
      for (let i = 0; i < 5; i++)
        expectProblem(await attempt(`wrong guess ${i}`), 401, 'unauthorized');
      const limited = await attempt(PASSWORD);
      expectProblem(limited, 429, 'rate-limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await eventTypes(api, userStream(gina.userId))).toEqual(['UserRegistered']);
    });

    it('checks the new password against the policy, naming newPassword', async () => {
      const hank = await signUp(api);
      const response = await send('PUT', '/users/me/password', hank, {
        currentPassword: PASSWORD,
        newPassword: 'short',
      });
      expectProblem(response, 400, 'validation', ['newPassword']);
      expect(response.body.errors).toEqual([
        { field: 'newPassword', message: 'must be at least 8 characters' },
      ]);
      expectProblem(
        await send('PUT', '/users/me/password', hank, { newPassword: 'long enough 1' }),
        400,
        'validation',
        ['currentPassword'],
      );
      expect(await eventTypes(api, userStream(hank.userId))).toEqual(['UserRegistered']);
    });
  });

  describe('POST /users/me/addresses', () => {
    it('adds an address: 201 with addressId and position, the country upper-cased', async () => {
      const ivy = await signUp(api);
      const response = await send('POST', '/users/me/addresses', ivy, HOME);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        addressId: expect.any(String),
        position: expect.any(String),
      });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const last = (await eventsOf(ivy)).at(-1)!;
      expect(last).toMatchObject({ type: 'UserAddressAdded', position: response.body.position });
      expect(last.data).toEqual({
        userId: ivy.userId,
        addressId: response.body.addressId,
        label: 'Home',
        line1: '1 Main St',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
        addedAt: expect.any(String),
      });
    });

    it('refuses a country that is not ISO 3166-1 alpha-2, and missing or unknown fields', async () => {
      const jack = await signUp(api);
      const badCountry = await send('POST', '/users/me/addresses', jack, {
        ...HOME,
        country: 'XX',
      });
      expectProblem(badCountry, 400, 'validation', ['country']);
      expect(badCountry.body.errors[0].message).toBe('must be an ISO 3166-1 alpha-2 country code');
      const { line1: _line1, ...withoutLine1 } = HOME;
      expectProblem(
        await send('POST', '/users/me/addresses', jack, withoutLine1),
        400,
        'validation',
        ['line1'],
      );
      expectProblem(
        await send('POST', '/users/me/addresses', jack, { ...HOME, isDefault: true }),
        400,
        'validation',
        ['isDefault'],
      );
      expect(await eventTypes(api, userStream(jack.userId))).toEqual(['UserRegistered']);
    });
  });

  describe('DELETE /users/me/addresses/{addressId}', () => {
    it('removes an address: 200 with position; a second delete is 404', async () => {
      const kim = await signUp(api);
      const added = await send('POST', '/users/me/addresses', kim, HOME);
      const path = `/users/me/addresses/${added.body.addressId}`;
      const removed = await send('DELETE', path, kim);
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ position: expect.any(String) });
      expect((await eventsOf(kim)).at(-1)).toMatchObject({
        type: 'UserAddressRemoved',
        data: { addressId: added.body.addressId },
        position: removed.body.position,
      });
      expectProblem(await send('DELETE', path, kim), 404, 'not-found');
    });

    it("answers 404 for an unknown address and for another user's address", async () => {
      const [lea, max] = [await signUp(api), await signUp(api)];
      const leasAddress = await send('POST', '/users/me/addresses', lea, HOME);
      expectProblem(
        await send('DELETE', `/users/me/addresses/${randomUUID()}`, max),
        404,
        'not-found',
      );
      expectProblem(
        await send('DELETE', `/users/me/addresses/${leasAddress.body.addressId}`, max),
        404,
        'not-found',
      );
      expect(await eventTypes(api, userStream(lea.userId))).toEqual([
        'UserRegistered',
        'UserAddressAdded',
      ]);
    });
  });

  describe('PUT /users/me/notification-preferences', () => {
    it('replaces the preferences: 200 with position; the same again records nothing', async () => {
      const ned = await signUp(api);
      const body = { orderUpdates: false, marketing: true };
      const changed = await send('PUT', '/users/me/notification-preferences', ned, body);
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ position: expect.any(String) });
      expect((await eventsOf(ned)).at(-1)).toMatchObject({
        type: 'NotificationPreferencesChanged',
        data: { userId: ned.userId, orderUpdates: false, marketing: true },
      });
      const again = await send('PUT', '/users/me/notification-preferences', ned, body);
      expect(again.body.position).toBe(changed.body.position);
      expect(await eventTypes(api, userStream(ned.userId))).toHaveLength(2);
    });

    it('needs both flags as booleans', async () => {
      const olga = await signUp(api);
      expectProblem(
        await send('PUT', '/users/me/notification-preferences', olga, {
          orderUpdates: 'yes',
          marketing: false,
        }),
        400,
        'validation',
        ['orderUpdates'],
      );
      expectProblem(
        await send('PUT', '/users/me/notification-preferences', olga, { orderUpdates: true }),
        400,
        'validation',
        ['marketing'],
      );
    });
  });

  it('answers 404 when the token names a user that does not exist', async () => {
    const { token } = await new AccessTokens({ secret: api.config.jwtSecret! }).sign({
      sub: randomUUID(),
      roles: ['customer'],
    });
    const response = await api.request('PATCH', '/users/me', { token, body: { name: 'Ghost' } });
    expectProblem(response, 404, 'not-found');
  });
});
