import { randomUUID } from 'node:crypto';
import { streamName as sessionStream } from '../../domain/session';
import { generateRefreshToken } from '../../platform/auth/refresh-token';
import { CommandRunner } from '../../platform/commands/command-runner';
import { ensureAdminAccount } from '../../write-side/main';
import {
  eventTypes,
  expectProblem,
  familyOf,
  jwtPayload,
  register,
  signUp,
  storedMetadata,
  uniqueEmail,
} from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

describe('refresh tokens: POST /auth/refresh and /auth/logout', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  const post = (path: string, body?: unknown, token?: string) =>
    api.request('POST', path, { body, token });

  describe('POST /auth/refresh', () => {
    it('rotates: each refresh token buys one new pair in the same family', async () => {
      const { userId, tokens } = await signUp(api);
      const second = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(second.body.refreshToken).not.toBe(tokens.refreshToken);
      expect(familyOf(second.body.refreshToken)).toBe(familyOf(tokens.refreshToken));
      expect(jwtPayload(second.body.accessToken)).toMatchObject({
        sub: userId,
        roles: ['customer'],
      });

      const third = await post('/auth/refresh', { refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
      expect(await eventTypes(api, sessionStream(familyOf(tokens.refreshToken)))).toEqual([
        'SessionStarted',
        'RefreshTokenRotated',
        'RefreshTokenRotated',
      ]);
    });

    it('tells caches not to store the new pair (Cache-Control: no-store)', async () => {
      const { tokens } = await signUp(api);
      const response = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    });

    it('revokes the whole family when a spent token is presented again', async () => {
      const { tokens } = await signUp(api);
      const stream = sessionStream(familyOf(tokens.refreshToken));
      const rotated = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(rotated.status).toBe(200);

      expectProblem(
        await post('/auth/refresh', { refreshToken: tokens.refreshToken }),
        401,
        'unauthorized',
      );
      // The thief or the victim: nobody can tell, so the current token is dead too.
      expectProblem(
        await post('/auth/refresh', { refreshToken: rotated.body.refreshToken }),
        401,
        'unauthorized',
      );
      const events = await api.eventStore.readStream(stream);
      expect(events.map((e) => e.type)).toEqual([
        'SessionStarted',
        'RefreshTokenRotated',
        'SessionRevoked',
      ]);
      expect(events[2].data.reason).toBe('reuse-detected');
    });

    it('lets one of two concurrent refreshes with one token win; the other revokes the family', async () => {
      const { tokens } = await signUp(api);
      const stream = sessionStream(familyOf(tokens.refreshToken));
      const both = await Promise.all([
        post('/auth/refresh', { refreshToken: tokens.refreshToken }),
        post('/auth/refresh', { refreshToken: tokens.refreshToken }),
      ]);

      expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = both.find((r) => r.status === 200)!;
      expectProblem(
        await post('/auth/refresh', { refreshToken: winner.body.refreshToken }),
        401,
        'unauthorized',
      );
      expect(await eventTypes(api, stream)).toEqual([
        'SessionStarted',
        'RefreshTokenRotated',
        'SessionRevoked',
      ]);
    });

    it('refuses malformed, unknown and forged tokens with 401 and appends nothing', async () => {
      const { tokens } = await signUp(api);
      const stream = sessionStream(familyOf(tokens.refreshToken));
      const forged = generateRefreshToken(familyOf(tokens.refreshToken)).token;
      for (const refreshToken of ['garbage', generateRefreshToken().token, forged]) {
        expectProblem(await post('/auth/refresh', { refreshToken }), 401, 'unauthorized');
      }
      expect(await eventTypes(api, stream)).toEqual(['SessionStarted']);
      // A guess does not hurt the real session.
      expect((await post('/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(200);
    });

    it('refuses the token of an expired session', async () => {
      const { userId } = await register(api, uniqueEmail('expired'));
      const token = generateRefreshToken();
      const startedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
      await api.eventStore.append(
        sessionStream(token.familyId),
        [
          {
            eventId: randomUUID(),
            type: 'SessionStarted',
            data: {
              familyId: token.familyId,
              userId,
              tokenHash: token.hash,
              expiresAt: new Date(Date.now() - 3600_000).toISOString(),
              startedAt,
            },
            metadata: storedMetadata(startedAt),
          },
        ],
        'no-stream',
      );
      expectProblem(
        await post('/auth/refresh', { refreshToken: token.token }),
        401,
        'unauthorized',
      );
      expect(await eventTypes(api, sessionStream(token.familyId))).toEqual(['SessionStarted']);
    });

    it('signs the roles the user has now, not those of the login', async () => {
      const account = await signUp(api, uniqueEmail('promoted'));
      const granted = await ensureAdminAccount(new CommandRunner(api.eventStore), account, {
        grantExisting: true,
      });
      expect(granted.outcome).toBe('granted');
      const refreshed = await post('/auth/refresh', { refreshToken: account.tokens.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(jwtPayload(refreshed.body.accessToken).roles).toEqual(['customer', 'admin']);
    });

    it('refuses a missing token or unknown fields with 400', async () => {
      expectProblem(await post('/auth/refresh', {}), 400, 'validation', ['refreshToken']);
      expectProblem(
        await post('/auth/refresh', { refreshToken: 'x', accessToken: 'y' }),
        400,
        'validation',
        ['accessToken'],
      );
    });
  });

  describe('POST /auth/logout', () => {
    it('answers 204 and ends the session: its refresh token no longer works', async () => {
      const { tokens } = await signUp(api);
      const response = await post(
        '/auth/logout',
        { refreshToken: tokens.refreshToken },
        tokens.accessToken,
      );
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expectProblem(
        await post('/auth/refresh', { refreshToken: tokens.refreshToken }),
        401,
        'unauthorized',
      );
      const events = await api.eventStore.readStream(sessionStream(familyOf(tokens.refreshToken)));
      expect(events.map((e) => [e.type, e.data.reason])).toEqual([
        ['SessionStarted', undefined],
        ['SessionRevoked', 'logout'],
      ]);
    });

    it('needs a bearer token', async () => {
      const { tokens } = await signUp(api);
      expectProblem(
        await post('/auth/logout', { refreshToken: tokens.refreshToken }),
        401,
        'unauthorized',
      );
      expect(await eventTypes(api, sessionStream(familyOf(tokens.refreshToken)))).toEqual([
        'SessionStarted',
      ]);
    });

    it("answers 204 but changes nothing for someone else's session", async () => {
      const [victim, caller] = [await signUp(api), await signUp(api)];
      const response = await post(
        '/auth/logout',
        { refreshToken: victim.tokens.refreshToken },
        caller.tokens.accessToken,
      );
      expect(response.status).toBe(204);
      expect(await eventTypes(api, sessionStream(familyOf(victim.tokens.refreshToken)))).toEqual([
        'SessionStarted',
      ]);
      expect(
        (await post('/auth/refresh', { refreshToken: victim.tokens.refreshToken })).status,
      ).toBe(200);
    });

    it('is idempotent: a second logout records nothing more', async () => {
      const { tokens } = await signUp(api);
      const logout = () =>
        post('/auth/logout', { refreshToken: tokens.refreshToken }, tokens.accessToken);
      expect((await logout()).status).toBe(204);
      expect((await logout()).status).toBe(204);
      expect(await eventTypes(api, sessionStream(familyOf(tokens.refreshToken)))).toEqual([
        'SessionStarted',
        'SessionRevoked',
      ]);
    });
  });
});
