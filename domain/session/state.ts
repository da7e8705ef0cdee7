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
 * Every field is written out rather than spread: a family may fold many rotations, and object
 * literals of one shape are several times cheaper than spreads.
 */
export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted': {
      const { familyId, userId, tokenHash, expiresAt, startedAt } = event.data;
      return active(familyId, userId, tokenHash, 0, expiresAt, startedAt);
    }
    case 'RefreshTokenRotated': {
      if (state.status === 'revoked') return state;
      const { familyId, userId, tokenHash, generation, expiresAt, startedAt } = event.data;
      if (generation !== undefined && userId !== undefined && startedAt !== undefined) {
        return active(familyId, userId, tokenHash, generation, expiresAt, startedAt);
      }
      // Written before generations: count, on the state the earlier events built.
      if (state.status !== 'active') return state;
      return active(
        state.familyId,
        state.userId,
        tokenHash,
        state.generation + 1,
        expiresAt,
        state.startedAt,
      );
    }
    case 'SessionRevoked': {
      const { familyId, userId, reason } = event.data;
      return { status: 'revoked', familyId, userId, reason };
    }
    default:
      return assertNever(event);
  }
}

/**
 * Whether a family's state follows from this event alone when it is the family's last: a login,
 * a revocation, or a rotation written since generations exist. Then a refresh reads one event,
 * not the stream; only families last rotated before generations need the whole fold.
 */
export function carriesWholeState(event: SessionEvent): boolean {
  if (event.type !== 'RefreshTokenRotated') return true;
  const { generation, userId, startedAt } = event.data;
  return generation !== undefined && userId !== undefined && startedAt !== undefined;
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
