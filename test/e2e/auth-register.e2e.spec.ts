import { randomUUID } from 'node:crypto';
import { streamName as claimStream } from '../../domain/uniqueness';
import { streamName as userStream } from '../../domain/user';
import {
  PASSWORD,
  allEventsOfType,
  eventTypes,
  expectProblem,
  logIn,
  register,
  storedMetadata,
  uniqueEmail,
} from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

describe('POST /auth/register', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  const post = (path: string, body?: unknown, token?: string) =>
    api.request('POST', path, { body, token });

  describe('POST /auth/register', () => {
    it('creates a customer: 201 with userId and position, the email claimed, no plaintext stored', async () => {
      const email = uniqueEmail('Alice');
      const response = await post('/auth/register', { email, password: PASSWORD, name: ' Alice ' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({ userId: expect.any(String), position: expect.any(String) });
      expect(response.headers.get('x-position')).toBe(response.body.position);
      const { userId } = response.body;
      const [claim] = await api.eventStore.readStream(claimStream('email', email.toLowerCase()));
      expect(claim).toMatchObject({ type: 'KeyClaimed', data: { ownerId: userId } });
      const stored = await api.eventStore.readStream(userStream(userId));
      expect(stored.map((e) => e.type)).toEqual(['UserRegistered']);
      expect(stored[0].position).toBe(response.body.position);
      expect(stored[0].data).toMatchObject({
        email,
        normalisedEmail: email.toLowerCase(),
        name: 'Alice',
        roles: ['customer'],
        passwordHash: expect.stringMatching(/^scrypt\$/),
      });
      expect(JSON.stringify(stored.map((e) => e.data))).not.toContain(PASSWORD);
    });

    it('tells caches not to store the answer (Cache-Control: no-store)', async () => {
      const response = await post('/auth/register', {
        email: uniqueEmail('cached'),
        password: PASSWORD,
        name: 'Cached',
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    });

    it('answers 409 for an email taken in another case, appending nothing', async () => {
      const email = uniqueEmail('bob');
      await register(api, email);
      const response = await post('/auth/register', {
        email: `  ${email.toUpperCase()} `,
        password: PASSWORD,
        name: 'Bob again',
      });
      expectProblem(response, 409, 'conflict');
      expect(await eventTypes(api, claimStream('email', email))).toEqual(['KeyClaimed']);
    });

    it('lets exactly one of 20 concurrent registrations of one email (in case variants) through', async () => {
      const email = uniqueEmail('race');
      const variants = Array.from({ length: 20 }, (_, i) =>
        i % 3 === 0
          ? email
          : i % 3 === 1
            ? email.toUpperCase()
            : `${email[0].toUpperCase()}${email.slice(1)}`,
      );
      const responses = await Promise.all(
        variants.map((variant, i) =>
          post('/auth/register', { email: variant, password: PASSWORD, name: `Racer ${i}` }),
        ),
      );

      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
      for (const loser of responses.filter((r) => r.status === 409)) {
        expectProblem(loser, 409, 'conflict');
      }
      const winner = responses.find((r) => r.status === 201)!;
      const registered = (await allEventsOfType(api, 'UserRegistered')).filter(
        (e) => e.data.normalisedEmail === email,
      );
      expect(registered.map((e) => e.data.userId)).toEqual([winner.body.userId]);
      expect(await eventTypes(api, claimStream('email', email))).toEqual(['KeyClaimed']);
    });

    it.each([
      ['short1', 'must be at least 8 characters'],
      ['only-letters', 'must contain at least one digit'],
      ['1234567890', 'must contain at least one letter'],
    ])(
      'refuses the password %p with 400 naming password, claiming nothing',
      async (password, message) => {
        const email = uniqueEmail('weak');
        const response = await post('/auth/register', { email, password, name: 'Weak' });
        expectProblem(response, 400, 'validation', ['password']);
        expect(response.body.errors).toEqual([{ field: 'password', message }]);
        expect(await eventTypes(api, claimStream('email', email))).toEqual([]);
      },
    );

    it('refuses unknown fields (no self-made admins), a bad email and a missing name with 400', async () => {
      const email = uniqueEmail('extra');
      const withRoles = await post('/auth/register', {
        email,
        password: PASSWORD,
        name: 'Mallory',
        roles: ['admin'],
      });
      expectProblem(withRoles, 400, 'validation', ['roles']);
      expectProblem(
        await post('/auth/register', { email: 'not-an-email', password: PASSWORD, name: 'X' }),
        400,
        'validation',
        ['email'],
      );
      expectProblem(
        await post('/auth/register', { email, password: PASSWORD }),
        400,
        'validation',
        ['name'],
      );
      expect(await eventTypes(api, claimStream('email', email))).toEqual([]);
    });

    describe('with a claim left behind by a crashed registration', () => {
      /** A KeyClaimed appended directly, as if its registration died before the user append. */
      async function leaveClaim(email: string, ownerId: string, ageMs: number): Promise<string> {
        const stream = claimStream('email', email);
        const claimedAt = new Date(Date.now() - ageMs).toISOString();
        await api.eventStore.append(
          stream,
          [
            {
              eventId: randomUUID(),
              type: 'KeyClaimed',
              data: { key: email, ownerId, claimedAt },
              metadata: storedMetadata(claimedAt),
            },
          ],
          'no-stream',
        );
        return stream;
      }

      it('takes over the claim once it is past the grace period', async () => {
        const email = uniqueEmail('orphan');
        const stream = await leaveClaim(email, 'crashed-owner', 60_000);
        const response = await post('/auth/register', { email, password: PASSWORD, name: 'Heir' });

        expect(response.status).toBe(201);
        const events = await api.eventStore.readStream(stream);
        expect(events.map((e) => [e.type, e.data.ownerId])).toEqual([
          ['KeyClaimed', 'crashed-owner'],
          ['KeyReleased', 'crashed-owner'],
          ['KeyClaimed', response.body.userId],
        ]);
        await logIn(api, email);
      });

      it('still answers 409 while the claim is younger than the grace period', async () => {
        const email = uniqueEmail('young-orphan');
        const stream = await leaveClaim(email, 'slow-owner', 1_000);
        const response = await post('/auth/register', {
          email,
          password: PASSWORD,
          name: 'Too early',
        });
        expectProblem(response, 409, 'conflict');
        expect(await eventTypes(api, stream)).toEqual(['KeyClaimed']);
      });

      it('never takes over an old claim whose user exists', async () => {
        const email = uniqueEmail('old-owner');
        const ownerId = randomUUID();
        const stream = await leaveClaim(email, ownerId, 3_600_000);
        await api.eventStore.append(
          userStream(ownerId),
          [
            {
              eventId: randomUUID(),
              type: 'UserRegistered',
              data: {
                userId: ownerId,
                email,
                normalisedEmail: email,
                name: 'Old owner',
                passwordHash: 'scrypt$irrelevant',
                roles: ['customer'],
                registeredAt: new Date().toISOString(),
              },
              metadata: { ...storedMetadata(new Date().toISOString()), schemaVersion: 2 },
            },
          ],
          'no-stream',
        );
        const response = await post('/auth/register', { email, password: PASSWORD, name: 'Thief' });
        expectProblem(response, 409, 'conflict');
        expect(await eventTypes(api, stream)).toEqual(['KeyClaimed']);
      });
    });
  });
});
