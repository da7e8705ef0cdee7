import { type Command } from '../shared/decider';

/** `key` is already normalised (lower-cased email, upper-cased SKU) by the caller. */
export type ClaimKey = Command<'ClaimKey', { key: string; ownerId: string; now: string }>;

export type ReleaseKey = Command<'ReleaseKey', { ownerId: string; now: string }>;

/**
 * Claims a key whose holder is presumed dead: `orphanOwnerId`'s claim is past the grace period
 * and the sender found that owner's stream absent (the one fact the decider cannot see). The
 * decider checks the rest against the state it is appended to: if the claim moved on meanwhile,
 * this is an ordinary claim (free: taken; held by someone else: ConflictError).
 */
export type TakeOverOrphanedClaim = Command<
  'TakeOverOrphanedClaim',
  { key: string; ownerId: string; orphanOwnerId: string; now: string }
>;

export type ClaimCommand = ClaimKey | ReleaseKey | TakeOverOrphanedClaim;
