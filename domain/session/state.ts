import { assertNever } from '../shared/decider';
import { type SessionEvent, type SessionRevocationReason } from './events';

export type NoSession = { status: 'none' };

export type ActiveSession = {
  status: 'active';
  familyId: string;
  userId: string;
  currentTokenHash: string;
  /** Every earlier token of the family: presenting one of them again is theft or a race. */
  spentTokenHashes: readonly string[];
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

export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted': {
      const { familyId, userId, tokenHash, expiresAt, startedAt } = event.data;
      return {
        status: 'active',
        familyId,
        userId,
        currentTokenHash: tokenHash,
        spentTokenHashes: [],
        expiresAt,
        startedAt,
      };
    }
    case 'RefreshTokenRotated':
      if (state.status !== 'active') return state;
      return {
        ...state,
        currentTokenHash: event.data.tokenHash,
        spentTokenHashes: [...state.spentTokenHashes, event.data.previousTokenHash],
        expiresAt: event.data.expiresAt,
      };
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
