import { type Command } from '../shared/decider';

/** Token values never reach the domain: the write side hashes them (SHA-256) first. */
export type StartSession = Command<
  'StartSession',
  { familyId: string; userId: string; tokenHash: string; expiresAt: string; now: string }
>;

/**
 * A client presents a refresh token for a new pair. The generation is the one the presented
 * token names (0 for tokens older than generations); `newGeneration` is the one the new token
 * names, which must come right after the family's current one. `passwordChangedAt` is when the
 * user's password last changed (absent if never): sessions started before that are over.
 */
export type RotateRefreshToken = Command<
  'RotateRefreshToken',
  {
    familyId: string;
    presentedTokenHash: string;
    presentedGeneration: number;
    newTokenHash: string;
    newGeneration: number;
    passwordChangedAt?: string;
    now: string;
  }
>;

/** Logout: `userId` is the authenticated caller, who may only end a session of their own. */
export type EndSession = Command<
  'EndSession',
  {
    familyId: string;
    userId: string;
    presentedTokenHash: string;
    presentedGeneration: number;
    now: string;
  }
>;

export type SessionCommand = StartSession | RotateRefreshToken | EndSession;
