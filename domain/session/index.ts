/**
 * Login sessions as refresh-token families (OAuth 2.0 Security BCP, "refresh token rotation"):
 * one stream per family, `session-<familyId>`. Each refresh spends the presented token and
 * issues the next; presenting a spent token again revokes the family. Appends carry the
 * expected revision, so of two concurrent refreshes with one token exactly one rotates and the
 * other, decided again on fresh state, sees a spent token and revokes the family.
 */
import { type Decider } from '../shared/decider';
import { type SessionCommand } from './commands';
import { decide } from './decide';
import { type SessionEvent } from './events';
import { type SessionState, evolve, initialState } from './state';

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  decide,
  evolve,
  initialState,
};

export const streamName = (familyId: string): string => `session-${familyId}`;

export * from './commands';
export * from './events';
export * from './state';
export { decide, RefreshTokenRejectedError, type RefreshRejection } from './decide';
