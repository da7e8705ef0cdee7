import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

/** Why a token family stopped working. */
export type SessionRevocationReason = 'logout' | 'reuse-detected' | 'password-changed';

/**
 * A login: the first refresh token of a new family. Only token hashes are stored, so a leaked
 * stream yields no usable token. `expiresAt` is the family's end; rotation never extends it.
 */
export type SessionStarted = Event<
  'SessionStarted',
  { familyId: string; userId: string; tokenHash: string; expiresAt: string; startedAt: string }
>;

/**
 * The current token was spent for a new one. The previous hash is kept for audit; reuse is
 * detected by generation (domain/session/state.ts).
 *
 * Since generations exist the event also carries the rest of the session's state (the new
 * generation, the user, the login time), so the family's state follows from its last event
 * alone and a refresh reads one row, however long the family. Events written before lack them
 * (optional, never upcast: only a fold can count the generation), and evolve counts instead.
 */
export type RefreshTokenRotated = Event<
  'RefreshTokenRotated',
  {
    familyId: string;
    tokenHash: string;
    previousTokenHash: string;
    expiresAt: string;
    rotatedAt: string;
    generation?: number;
    userId?: string;
    startedAt?: string;
  }
>;

export type SessionRevoked = Event<
  'SessionRevoked',
  { familyId: string; userId: string; reason: SessionRevocationReason; revokedAt: string }
>;

export type SessionEvent = SessionStarted | RefreshTokenRotated | SessionRevoked;

export const sessionEventSchemas: EventSchemas<SessionEvent['type']> = {
  SessionStarted: { version: 1 },
  RefreshTokenRotated: { version: 1 },
  SessionRevoked: { version: 1 },
};
