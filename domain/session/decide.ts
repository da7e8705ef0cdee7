import { assertNever } from '../shared/decider';
import { IllegalStateError } from '../shared/errors';
import { FieldErrors, checkText, checkTimestamp } from '../shared/validation';
import {
  type EndSession,
  type RotateRefreshToken,
  type SessionCommand,
  type StartSession,
} from './commands';
import { type SessionEvent } from './events';
import { type SessionState } from './state';

export type RefreshRejection = 'unknown-session' | 'unknown-token' | 'expired' | 'revoked';

/**
 * A refresh token that buys nothing. The reason is for logs: clients only learn "401", so a
 * guesser cannot tell a dead family from a wrong secret.
 */
export class RefreshTokenRejectedError extends IllegalStateError {
  constructor(readonly reason: RefreshRejection) {
    super(`refresh token rejected: ${reason}`);
  }
}

export function startSession({ data }: StartSession, state: SessionState): SessionEvent[] {
  if (state.status !== 'none') {
    throw new IllegalStateError(`session ${data.familyId} already exists`);
  }
  new FieldErrors()
    .add('familyId', checkText(data.familyId, { max: 64 }))
    .add('userId', checkText(data.userId, { max: 256 }))
    .add('tokenHash', checkText(data.tokenHash, { max: 128 }))
    .add('expiresAt', checkTimestamp(data.expiresAt) ?? checkAfter(data.expiresAt, data.now))
    .throwIfAny();
  const { familyId, userId, tokenHash, expiresAt, now } = data;
  return [
    { type: 'SessionStarted', data: { familyId, userId, tokenHash, expiresAt, startedAt: now } },
  ];
}

/**
 * Rotation: the current token buys a new one, once. A spent token presented again means two
 * parties hold the family (a stolen token, or a client that lost a race with itself), and nobody
 * can tell which is legitimate, so the whole family ends.
 *
 * A token is spent when it names a generation below the current one. Its secret is not checked
 * against an old hash (the state keeps none, so it stays small): a forger would need the family
 * id, which lives only inside the family's own tokens and stream name, and could then only end
 * that session, never use it. A token from before generations counts as generation 0, so one
 * that is not current is reuse once the family has rotated, as it was when every hash was kept.
 */
export function rotateRefreshToken(
  { data }: RotateRefreshToken,
  state: SessionState,
): SessionEvent[] {
  if (state.status === 'none') throw new RefreshTokenRejectedError('unknown-session');
  if (state.status === 'revoked') throw new RefreshTokenRejectedError('revoked');
  const { familyId, userId } = state;
  const revoke = (reason: 'reuse-detected' | 'password-changed'): SessionEvent[] => [
    { type: 'SessionRevoked', data: { familyId, userId, reason, revokedAt: data.now } },
  ];

  if (data.presentedTokenHash !== state.currentTokenHash) {
    if (data.presentedGeneration < state.generation) return revoke('reuse-detected');
    throw new RefreshTokenRejectedError('unknown-token');
  }
  if (Date.parse(data.now) >= Date.parse(state.expiresAt)) {
    throw new RefreshTokenRejectedError('expired');
  }
  if (
    data.passwordChangedAt !== undefined &&
    Date.parse(data.passwordChangedAt) > Date.parse(state.startedAt)
  ) {
    return revoke('password-changed');
  }
  new FieldErrors()
    .add('newTokenHash', checkText(data.newTokenHash, { max: 128 }))
    .add('newGeneration', checkNextGeneration(data.newGeneration, state.generation))
    .throwIfAny();
  return [
    {
      type: 'RefreshTokenRotated',
      data: {
        familyId,
        tokenHash: data.newTokenHash,
        previousTokenHash: data.presentedTokenHash,
        // The family's end stays fixed: refreshing keeps a session alive, not forever.
        expiresAt: state.expiresAt,
        rotatedAt: data.now,
        generation: data.newGeneration,
        userId,
        startedAt: state.startedAt,
      },
    },
  ];
}

/**
 * Logout ends the caller's own session when they present one of its tokens (the current one,
 * or a spent one by generation). Anything else (an unknown family, someone else's, an already
 * ended one) changes nothing and reveals nothing.
 */
export function endSession({ data }: EndSession, state: SessionState): SessionEvent[] {
  if (state.status !== 'active' || state.userId !== data.userId) return [];
  const known =
    data.presentedTokenHash === state.currentTokenHash ||
    data.presentedGeneration < state.generation;
  if (!known) return [];
  return [
    {
      type: 'SessionRevoked',
      data: {
        familyId: state.familyId,
        userId: state.userId,
        reason: 'logout',
        revokedAt: data.now,
      },
    },
  ];
}

export function decide(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'StartSession':
      return startSession(command, state);
    case 'RotateRefreshToken':
      return rotateRefreshToken(command, state);
    case 'EndSession':
      return endSession(command, state);
    default:
      return assertNever(command);
  }
}

function checkAfter(expiresAt: string, now: string): string | undefined {
  return Date.parse(expiresAt) > Date.parse(now) ? undefined : 'must be after now';
}

/** The new token must name the generation right after the current one (the caller minted it). */
function checkNextGeneration(next: number, current: number): string | undefined {
  return next === current + 1 ? undefined : `must be ${current + 1}`;
}
