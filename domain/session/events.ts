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
 * detected by generation (domain/session/state.ts), which each of these events raises by one.
 */
export type RefreshTokenRotated = Event<
  'RefreshTokenRotated',
  {
    familyId: string;
    tokenHash: string;
    previousTokenHash: string;
    expiresAt: string;
    rotatedAt: string;
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
