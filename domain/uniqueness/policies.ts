import { type ClaimState } from './state';

/**
 * A claim this old whose owner stream does not exist is abandoned: its creation crashed between
 * the claim and the owner's first append. A creation that is still alive gives up well before
 * (see `CLAIM_TO_OWNER_BUDGET_MS`), so it never completes after its claim was taken over.
 */
export const ORPHANED_CLAIM_GRACE_MS = 30_000;

/** How long a creation may take from its claim to its owner's first append. */
export const CLAIM_TO_OWNER_BUDGET_MS = ORPHANED_CLAIM_GRACE_MS / 3;

/**
 * The owner of a claim old enough to be an orphan, if it is one: whether that owner's stream
 * exists is for the caller to find out.
 */
export function orphanCandidate(state: ClaimState, now: string): string | undefined {
  if (state.status !== 'claimed') return undefined;
  const pastGrace = Date.parse(state.claimedAt) < Date.parse(now) - ORPHANED_CLAIM_GRACE_MS;
  return pastGrace ? state.ownerId : undefined;
}
