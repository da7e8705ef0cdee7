import { assertNever } from '../shared/decider';
import { type SessionEvent, type SessionRevocationReason } from './events';

export type NoSession = { status: 'none' };

export type ActiveSession = {
  status: 'active';
  familyId: string;
  userId: string;
  currentTokenHash: string;
  /**
   * Rotations so far: the current token names this generation, and a token naming a lower one
   * was spent (presenting it again is theft or a race). Counted, never stored in an event, so
   * streams written before generations existed fold to the same number; and the state stays the
   * same size however long the family lives.
   */
  generation: number;
  expiresAt: string;
  startedAt: string;
};

export type RevokedSession = {
  status: 'revoked';
  familyId: string;
  userId: string;
  reason: SessionRevocationReason;
};

export type SessionState = NoSession | ActiveSession | RevokedSession;

export const initialState = (): SessionState => ({ status: 'none' });

/**
 * Every field is written out rather than spread: a family may fold tens of thousands of
 * rotations per refresh, and object literals of one shape are several times cheaper than spreads.
 */
export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted': {
      const { familyId, userId, tokenHash, expiresAt, startedAt } = event.data;
      return active(familyId, userId, tokenHash, 0, expiresAt, startedAt);
    }
    case 'RefreshTokenRotated':
      if (state.status !== 'active') return state;
      return active(
        state.familyId,
        state.userId,
        event.data.tokenHash,
        state.generation + 1,
        event.data.expiresAt,
        state.startedAt,
      );
    case 'SessionRevoked':
      if (state.status === 'none') return state;
      return {
        status: 'revoked',
        familyId: state.familyId,
        userId: state.userId,
        reason: event.data.reason,
      };
    default:
      return assertNever(event);
  }
}

function active(
  familyId: string,
  userId: string,
  currentTokenHash: string,
  generation: number,
  expiresAt: string,
  startedAt: string,
): ActiveSession {
  return {
    status: 'active',
    familyId,
    userId,
    currentTokenHash,
    generation,
    expiresAt,
    startedAt,
  };
}
