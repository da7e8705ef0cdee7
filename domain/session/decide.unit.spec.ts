import { specFor } from '../shared/decider-specification';
import { IllegalStateError, ValidationError } from '../shared/errors';
import {
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
const rotate = (
  presentedTokenHash: string,
  data: Partial<RotateRefreshToken['data']> = {},
): RotateRefreshToken => ({
  type: 'RotateRefreshToken',
  data: { familyId, presentedTokenHash, newTokenHash: 'h-new', now: later, ...data },
});
const end = (presentedTokenHash: string, caller = userId): EndSession => ({
  type: 'EndSession',
  data: { familyId, userId: caller, presentedTokenHash, now: later },
});

const started: SessionEvent = {
  type: 'SessionStarted',
  data: { familyId, userId, tokenHash: 'h1', expiresAt, startedAt },
};
const rotated = (previous: string, next: string, at = later): SessionEvent => ({
  type: 'RefreshTokenRotated',
  data: { familyId, tokenHash: next, previousTokenHash: previous, expiresAt, rotatedAt: at },
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

    it('rejects a token that never belonged to the family, changing nothing', () => {
      const error = given([started]).when(rotate('forged')).thenThrows(RefreshTokenRejectedError);
      expect(error.reason).toBe('unknown-token');
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
      given([started]).when(end('forged')).thenNothingHappens();
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
      spentTokenHashes: ['h1', 'h2'],
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
});
