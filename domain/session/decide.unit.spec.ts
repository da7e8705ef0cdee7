import { specFor } from '../shared/decider-specification';
import { IllegalStateError, ValidationError } from '../shared/errors';
import {
  carriesWholeState,
  type EndSession,
  type RotateRefreshToken,
  RefreshTokenRejectedError,
  type SessionEvent,
  type StartSession,
  sessionDecider,
  streamName,
} from './index';

const given = specFor(sessionDecider);
const familyId = 'fam-1';
const userId = 'u-1';
const startedAt = '2025-03-01T12:00:00.000Z';
const later = '2025-03-01T12:20:00.000Z';
const expiresAt = '2025-03-31T12:00:00.000Z';

const start = (data: Partial<StartSession['data']> = {}): StartSession => ({
  type: 'StartSession',
  data: { familyId, userId, tokenHash: 'h1', expiresAt, now: startedAt, ...data },
});
/** Token `h<n>` is the one of generation n - 1: h1 at login, h2 after one rotation. */
const generationOf = (hash: string): number => Number(hash.slice(1)) - 1;
const rotate = (
  presentedTokenHash: string,
  data: Partial<RotateRefreshToken['data']> = {},
): RotateRefreshToken => ({
  type: 'RotateRefreshToken',
  data: {
    familyId,
    presentedTokenHash,
    presentedGeneration: generationOf(presentedTokenHash),
    newTokenHash: 'h-new',
    newGeneration: generationOf(presentedTokenHash) + 1,
    now: later,
    ...data,
  },
});
const end = (
  presentedTokenHash: string,
  caller = userId,
  presentedGeneration = generationOf(presentedTokenHash),
): EndSession => ({
  type: 'EndSession',
  data: { familyId, userId: caller, presentedTokenHash, presentedGeneration, now: later },
});

const started: SessionEvent = {
  type: 'SessionStarted',
  data: { familyId, userId, tokenHash: 'h1', expiresAt, startedAt },
};
const rotated = (previous: string, next: string, at = later): SessionEvent => ({
  type: 'RefreshTokenRotated',
  data: {
    familyId,
    tokenHash: next,
    previousTokenHash: previous,
    expiresAt,
    rotatedAt: at,
    generation: generationOf(previous) + 1,
    userId,
    startedAt,
  },
});
/** A rotation as written before generations: without the state it now carries. */
const legacyRotated = (previous: string, next: string): SessionEvent => ({
  type: 'RefreshTokenRotated',
  data: { familyId, tokenHash: next, previousTokenHash: previous, expiresAt, rotatedAt: later },
});
const revoked = (
  reason: 'logout' | 'reuse-detected' | 'password-changed',
  at = later,
): SessionEvent => ({
  type: 'SessionRevoked',
  data: { familyId, userId, reason, revokedAt: at },
});

describe('Session (refresh token family)', () => {
  it('names one stream per family', () => {
    expect(streamName('abc_-1')).toBe('session-abc_-1');
  });

  describe('when none exists', () => {
    it('starts with the first token hash and the family expiry', () => {
      given([]).when(start()).then([started]);
    });

    it('refuses an expiry that is not in the future, and empty ids', () => {
      const error = given([])
        .when(start({ userId: '', expiresAt: startedAt }))
        .thenThrows(ValidationError);
      expect(error.errors).toEqual([
        { field: 'userId', message: 'must not be empty' },
        { field: 'expiresAt', message: 'must be after now' },
      ]);
    });

    it('rejects a refresh as an unknown session', () => {
      const error = given([]).when(rotate('h1')).thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('unknown-session');
    });

    it('treats a logout as nothing to do', () => {
      given([]).when(end('h1')).thenNothingHappens();
    });
  });

  describe('when active', () => {
    it('cannot be started twice', () => {
      given([started]).when(start()).thenThrows(IllegalStateError);
    });

    it('rotates the current token, keeping the family expiry', () => {
      given([started])
        .when(rotate('h1', { newTokenHash: 'h2' }))
        .then([rotated('h1', 'h2')]);
    });

    it('rotates again with the token the last rotation issued', () => {
      given([started, rotated('h1', 'h2')])
        .when(rotate('h2', { newTokenHash: 'h3' }))
        .then([rotated('h2', 'h3')]);
    });

    it('revokes the whole family when a spent token comes back', () => {
      given([started, rotated('h1', 'h2')])
        .when(rotate('h1'))
        .then([revoked('reuse-detected')]);
    });

    it('revokes the family for a spent token many generations back', () => {
      const history = [started, rotated('h1', 'h2'), rotated('h2', 'h3'), rotated('h3', 'h4')];
      given(history)
        .when(rotate('h2'))
        .then([revoked('reuse-detected')]);
    });

    it('rejects a token that never belonged to the family, changing nothing', () => {
      const error = given([started])
        .when(rotate('forged', { presentedGeneration: 0 }))
        .thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('unknown-token');
    });

    it('rejects, without revoking, an unknown token naming the current or a later generation', () => {
      const history = [started, rotated('h1', 'h2')];
      for (const presentedGeneration of [1, 2, 999]) {
        const error = given(history)
          .when(rotate('forged', { presentedGeneration }))
          .thenThrows(RefreshTokenRejectedError);
        expect(error.reason).toBe('unknown-token');
      }
    });

    it('refuses a new token that does not name the next generation', () => {
      const error = given([started, rotated('h1', 'h2')])
        .when(rotate('h2', { newGeneration: 1 }))
        .thenThrows(ValidationError);
      expect(error.errors).toEqual([{ field: 'newGeneration', message: 'must be 2' }]);
    });

    describe('with a token issued before generations (read as generation 0)', () => {
      it('rotates it while it is the current token, even after earlier rotations', () => {
        given([started, rotated('h1', 'h2')])
          .when(rotate('h2', { presentedGeneration: 0 }))
          .then([rotated('h2', 'h-new')]);
      });

      it('revokes the family when it comes back spent', () => {
        given([started, rotated('h1', 'h2'), rotated('h2', 'h3')])
          .when(rotate('h2', { presentedGeneration: 0, newGeneration: 3 }))
          .then([revoked('reuse-detected')]);
      });
    });

    it('rejects the current token once the family expired', () => {
      const error = given([started])
        .when(rotate('h1', { now: expiresAt }))
        .thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('expired');
    });

    it('ends a session started before the password changed', () => {
      given([started])
        .when(rotate('h1', { passwordChangedAt: '2025-03-01T12:10:00.000Z' }))
        .then([revoked('password-changed')]);
    });

    it('keeps a session started after the last password change', () => {
      given([started])
        .when(rotate('h1', { passwordChangedAt: '2025-03-01T11:00:00.000Z' }))
        .then([rotated('h1', 'h-new')]);
    });

    it('is ended by its user with the current or a spent token', () => {
      given([started])
        .when(end('h1'))
        .then([revoked('logout')]);
      given([started, rotated('h1', 'h2')])
        .when(end('h1'))
        .then([revoked('logout')]);
    });

    it('ignores a logout by another user or with a foreign token', () => {
      given([started]).when(end('h1', 'u-2')).thenNothingHappens();
      given([started])
        .when(end('forged', userId, 0))
        .thenNothingHappens();
    });
  });

  describe('when revoked', () => {
    const history = [started, rotated('h1', 'h2'), revoked('logout')];

    it('rejects even the last issued token', () => {
      const error = given(history).when(rotate('h2')).thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('revoked');
    });

    it('rejects a spent token without revoking again', () => {
      const error = given(history).when(rotate('h1')).thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('revoked');
    });

    it('treats another logout as nothing to do', () => {
      given(history).when(end('h2')).thenNothingHappens();
    });
  });

  it('folds rotations and revocation into state', () => {
    const state = [started, rotated('h1', 'h2'), rotated('h2', 'h3')].reduce(
      sessionDecider.evolve,
      sessionDecider.initialState(),
    );
    expect(state).toEqual({
      status: 'active',
      familyId,
      userId,
      currentTokenHash: 'h3',
      generation: 2,
      expiresAt,
      startedAt,
    });
    expect(sessionDecider.evolve(state, revoked('reuse-detected'))).toEqual({
      status: 'revoked',
      familyId,
      userId,
      reason: 'reuse-detected',
    });
  });

  it('keeps state of one size however often the family rotates', () => {
    const rotations = (count: number): SessionEvent[] => [
      started,
      ...Array.from({ length: count }, (_, i) => rotated(`h${i + 1}`, `h${i + 2}`)),
    ];
    const after = (count: number) =>
      rotations(count).reduce(sessionDecider.evolve, sessionDecider.initialState());
    const few = after(1);
    const many = after(20_000);
    expect(many).toMatchObject({ generation: 20_000, currentTokenHash: 'h20001' });
    expect(Object.keys(many)).toEqual(Object.keys(few));
    expect(JSON.stringify(many).length).toBeLessThan(JSON.stringify(few).length + 10);
  });

  describe('state from the last event', () => {
    const fold = (events: SessionEvent[]) =>
      events.reduce(sessionDecider.evolve, sessionDecider.initialState());

    it('equals the fold of the whole stream for events written since generations', () => {
      const history = [started, rotated('h1', 'h2'), rotated('h2', 'h3'), rotated('h3', 'h4')];
      for (const last of [started, history[3], revoked('logout')]) {
        expect(carriesWholeState(last)).toBe(true);
      }
      expect(fold([history[3]])).toEqual(fold(history));
      expect(fold([revoked('logout')])).toEqual(fold([...history, revoked('logout')]));
    });

    it('is not taken from a rotation written before generations, which a fold counts', () => {
      const history = [started, legacyRotated('h1', 'h2'), legacyRotated('h2', 'h3')];
      expect(carriesWholeState(history[2])).toBe(false);
      expect(fold(history)).toMatchObject({ generation: 2, currentTokenHash: 'h3' });
      // A stream that mixes both shapes: old rotations counted, then a new one read as written.
      expect(fold([...history, rotated('h3', 'h4')])).toMatchObject({
        generation: 3,
        currentTokenHash: 'h4',
        userId,
        startedAt,
      });
      given(history)
        .when(rotate('h1'))
        .then([revoked('reuse-detected')]);
    });
  });
});
