import { type Command, type Decider } from '../../../domain/shared/decider';
import {
  type ClaimEvent,
  type ClaimState,
  claimDecider,
  decide as decideClaim,
} from '../../../domain/uniqueness';

/** Claims older than this whose owner stream does not exist are treated as abandoned. */
export const ORPHANED_CLAIM_GRACE_MS = 30_000;

/**
 * Takes over a claim left behind by a registration that crashed between its two appends (the
 * claim, then the user stream). The caller has checked that `orphanOwnerId`'s stream does not
 * exist; this decides, on the state it is appended against, that the claim still belongs to
 * that owner and is older than `orphanedBefore`. If the claim moved on meanwhile, it is an
 * ordinary claim again (free: taken; held by someone else: ConflictError).
 */
export type TakeOverOrphanedClaim = Command<
  'TakeOverOrphanedClaim',
  { key: string; ownerId: string; orphanOwnerId: string; orphanedBefore: string; now: string }
>;

export function takeOverOrphanedClaim(
  { data }: TakeOverOrphanedClaim,
  state: ClaimState,
): ClaimEvent[] {
  const { key, ownerId, orphanOwnerId, now } = data;
  const claim = (from: ClaimState) =>
    decideClaim({ type: 'ClaimKey', data: { key, ownerId, now } }, from);
  const orphaned =
    state.status === 'claimed' &&
    state.ownerId === orphanOwnerId &&
    Date.parse(state.claimedAt) < Date.parse(data.orphanedBefore);
  if (!orphaned) return claim(state);
  const released = decideClaim(
    { type: 'ReleaseKey', data: { ownerId: orphanOwnerId, now } },
    state,
  );
  return [...released, ...claim(released.reduce(claimDecider.evolve, state))];
}

export const orphanedClaimDecider: Decider<ClaimState, TakeOverOrphanedClaim, ClaimEvent> = {
  decide: takeOverOrphanedClaim,
  evolve: claimDecider.evolve,
  initialState: claimDecider.initialState,
};
