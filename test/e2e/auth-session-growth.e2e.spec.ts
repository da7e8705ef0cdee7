import { randomBytes } from 'node:crypto';
import {
  type SessionEvent,
  sessionDecider,
  streamName as sessionStream,
} from '../../domain/session';
import {
  type RefreshToken,
  generateRefreshToken,
  hashRefreshToken,
} from '../../platform/auth/refresh-token';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { foldRecorded } from '../../platform/commands/handle-command';
import { eventTypes, expectProblem, familyOf, signUp } from './accounts.testing';
import { type WriteApiUnderTest, startWriteApi } from './write-api.testing';

/**
 * Issue 10, item 4: a refresh-token family used to keep every spent hash in its state and fold
 * its stream twice per refresh (2.2 s of blocked event loop at 20,000 rotations). The state now
 * holds a generation number instead, and a refresh reads the family's last event only.
 */
describe('a refresh-token family rotated 20,000 times', () => {
  const ROTATIONS = 20_000;
  let api: WriteApiUnderTest;
  let stream: string;
  /** tokens[g] is the token of generation g; tokens[ROTATIONS] is the current one. */
  let tokens: RefreshToken[];

  beforeAll(async () => {
    api = await startWriteApi();
    const account = await signUp(api);
    const familyId = familyOf(account.tokens.refreshToken);
    stream = sessionStream(familyId);
    const [started] = await api.eventStore.readStream(stream);
    const login = {
      token: account.tokens.refreshToken,
      familyId,
      generation: 0,
      hash: hashRefreshToken(account.tokens.refreshToken),
    };
    tokens = [login];
    for (let g = 1; g <= ROTATIONS; g++) tokens.push(generateRefreshToken(familyId, g));
    const history: SessionEvent[] = tokens.slice(1).map((token, i) => ({
      type: 'RefreshTokenRotated',
      data: {
        familyId,
        tokenHash: token.hash,
        previousTokenHash: tokens[i].hash,
        expiresAt: String(started.data.expiresAt),
        rotatedAt: new Date().toISOString(),
        generation: i + 1,
        userId: account.userId,
        startedAt: String(started.data.startedAt),
      },
    }));
    for (let at = 0; at < history.length; at += 5_000) {
      await appendDomainEvents(api.eventStore, stream, history.slice(at, at + 5_000));
    }
  });
  afterAll(() => api.close());

  const refresh = (token: RefreshToken) =>
    api.request('POST', '/auth/refresh', { body: { refreshToken: token.token } });

  it('folds and decides a refresh in milliseconds of CPU, on a state that does not grow', async () => {
    const recorded = await api.eventStore.readStream(stream);
    expect(recorded).toHaveLength(ROTATIONS + 1);
    const current = tokens[ROTATIONS];
    const next = generateRefreshToken(current.familyId, ROTATIONS + 1);

    // CPU time of exactly what the handler does between reading the stream and appending. The
    // best of three: the first run also pays for compiling the fold, which a server does once.
    const decideOnce = () => {
      const before = process.cpuUsage();
      const { state } = foldRecorded(sessionDecider, recorded);
      const events = sessionDecider.decide(
        {
          type: 'RotateRefreshToken',
          data: {
            familyId: current.familyId,
            presentedTokenHash: current.hash,
            presentedGeneration: ROTATIONS,
            newTokenHash: next.hash,
            newGeneration: ROTATIONS + 1,
            now: new Date().toISOString(),
          },
        },
        state,
      );
      const used = process.cpuUsage(before);
      expect(events.map((event) => event.type)).toEqual(['RefreshTokenRotated']);
      return (used.user + used.system) / 1000;
    };
    const cpuMs = Math.min(decideOnce(), decideOnce(), decideOnce());
    // Was 2,200 ms when every spent hash was kept and searched. Folding the whole stream (what a
    // conflict retry does; a plain refresh reads one event, next test) measures 2 to 6 ms of CPU;
    // the bound leaves room for a loaded CI machine and still fails the quadratic fold 100-fold.
    expect(cpuMs).toBeLessThan(20);
    // The cause, without a clock: the folded state is a few fields, not one hash per rotation.
    const { state } = foldRecorded(sessionDecider, recorded);
    expect(JSON.stringify(state).length).toBeLessThan(1_000);
  });

  it('refreshes with the current token, reading one event of the session stream', async () => {
    const reads = jest.spyOn(api.eventStore, 'readStream');
    try {
      const response = await refresh(tokens[ROTATIONS]);
      expect(response.status).toBe(200);
      expect(response.body.refreshToken).toMatch(new RegExp(`^[\\w-]{22}\\.${ROTATIONS + 1}\\.`));
      const sessionReads = reads.mock.calls
        .map(([name], i) => ({ name, result: reads.mock.results[i].value }))
        .filter(({ name }) => name === stream);
      expect(sessionReads).toHaveLength(1);
      expect(await sessionReads[0].result).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('still revokes the family when a token of an earlier generation comes back', async () => {
    expectProblem(await refresh(tokens[5]), 401, 'unauthorized');
    const recorded = await api.eventStore.readStream(stream);
    expect(recorded.at(-1)).toMatchObject({
      type: 'SessionRevoked',
      data: { reason: 'reuse-detected' },
    });
  });
});

describe('a session started before refresh tokens named their generation', () => {
  let api: WriteApiUnderTest;
  beforeAll(async () => {
    api = await startWriteApi();
  });
  afterAll(() => api.close());

  /** The old format, `<familyId>.<secret>`, as clients may still hold it. */
  const legacyToken = (familyId: string): string =>
    `${familyId}.${randomBytes(32).toString('base64url')}`;

  it('rotates with its current old-format token and detects reuse of a spent one', async () => {
    const account = await signUp(api);
    const familyId = familyOf(account.tokens.refreshToken);
    const stream = sessionStream(familyId);
    const [started] = await api.eventStore.readStream(stream);
    const [spent, current] = [account.tokens.refreshToken, legacyToken(familyId)];
    // An old-format rotation, as the stream holds it from before.
    await appendDomainEvents(api.eventStore, stream, [
      {
        type: 'RefreshTokenRotated',
        data: {
          familyId,
          tokenHash: hashRefreshToken(current),
          previousTokenHash: hashRefreshToken(spent),
          expiresAt: String(started.data.expiresAt),
          rotatedAt: new Date().toISOString(),
        },
      },
    ]);

    const rotated = await api.request('POST', '/auth/refresh', {
      body: { refreshToken: current },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).toMatch(/^[\w-]{22}\.2\.[\w-]{43}$/);

    const reused = await api.request('POST', '/auth/refresh', { body: { refreshToken: current } });
    expectProblem(reused, 401, 'unauthorized');
    expect(await eventTypes(api, stream)).toEqual([
      'SessionStarted',
      'RefreshTokenRotated',
      'RefreshTokenRotated',
      'SessionRevoked',
    ]);
  });
});
