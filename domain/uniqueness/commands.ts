import { type Command } from '../shared/decider';

/** `key` is already normalised (lower-cased email, upper-cased SKU) by the caller. */
export type ClaimKey = Command<'ClaimKey', { key: string; ownerId: string; now: string }>;

export type ReleaseKey = Command<'ReleaseKey', { ownerId: string; now: string }>;

export type ClaimCommand = ClaimKey | ReleaseKey;
