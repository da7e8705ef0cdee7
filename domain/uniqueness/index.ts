/**
 * Uniqueness claims: one tiny stream per normalised key (`unique-email-alice@example.com`,
 * `unique-sku-ABC-1`), because an event store can only guarantee uniqueness within one stream.
 *
 * The write side registers a user (or creates a product) in two appends:
 * 1. append `ClaimKey` to the claim stream with the revision it read (`no-stream` on the first
 *    claim), so of two concurrent claimants exactly one wins; the loser gets a concurrency error
 *    or, on re-reading, a ConflictError (409);
 * 2. append to the aggregate stream (`user-…`, `product-…`), giving up if step 1 took longer
 *    than `CLAIM_TO_OWNER_BUDGET_MS`;
 * 3. if step 2 fails, append `ReleaseKey` so the key is free again.
 * A crash between 1 and 2 leaves a claim whose owner stream does not exist; a retry by the same
 * owner is a no-op claim. Emails and SKUs alike, such an orphan is taken over by the next
 * claimant (`TakeOverOrphanedClaim`) once it is older than `ORPHANED_CLAIM_GRACE_MS` and its
 * owner stream is still absent: the claim is released and claimed again in one append.
 */
import { type Decider } from '../shared/decider';
import { type ClaimCommand } from './commands';
import { decide } from './decide';
import { type ClaimEvent } from './events';
import { type ClaimState, evolve, initialState } from './state';

export type ClaimScope = 'email' | 'sku';

export const claimDecider: Decider<ClaimState, ClaimCommand, ClaimEvent> = {
  decide,
  evolve,
  initialState,
};

/** `normalisedKey` must already be normalised: that is what makes the claim case-insensitive. */
export const streamName = (scope: ClaimScope, normalisedKey: string): string =>
  `unique-${scope}-${normalisedKey}`;

export * from './commands';
export * from './events';
export * from './state';
export * from './policies';
export { decide } from './decide';
