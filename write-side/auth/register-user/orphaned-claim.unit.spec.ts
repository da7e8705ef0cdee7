import { specFor } from '../../../domain/shared/decider-specification';
import { ConflictError } from '../../../domain/shared/errors';
import { type ClaimEvent } from '../../../domain/uniqueness';
import { type TakeOverOrphanedClaim, orphanedClaimDecider } from './orphaned-claim';

const given = specFor(orphanedClaimDecider);
const key = 'alice@example.com';
const now = '2025-03-01T12:01:00.000Z';
const orphanedBefore = '2025-03-01T12:00:30.000Z';
const claimed = (ownerId: string, claimedAt: string): ClaimEvent => ({
  type: 'KeyClaimed',
  data: { key, ownerId, claimedAt },
});
const takeOver = (orphanOwnerId: string): TakeOverOrphanedClaim => ({
  type: 'TakeOverOrphanedClaim',
  data: { key, ownerId: 'heir', orphanOwnerId, orphanedBefore, now },
});

describe('Taking over an orphaned email claim', () => {
  it('releases the orphan and claims for the new owner in one append', () => {
    given([claimed('crashed', '2025-03-01T12:00:00.000Z')])
      .when(takeOver('crashed'))
      .then([
        { type: 'KeyReleased', data: { key, ownerId: 'crashed', releasedAt: now } },
        { type: 'KeyClaimed', data: { key, ownerId: 'heir', claimedAt: now } },
      ]);
  });

  it('refuses a claim younger than the grace period', () => {
    given([claimed('slow', '2025-03-01T12:00:45.000Z')])
      .when(takeOver('slow'))
      .thenThrows(ConflictError);
  });

  it('refuses when the claim now belongs to someone else than the presumed orphan', () => {
    given([claimed('someone-else', '2025-03-01T11:00:00.000Z')])
      .when(takeOver('crashed'))
      .thenThrows(ConflictError);
  });

  it('simply claims a key that was released meanwhile', () => {
    given([
      claimed('crashed', '2025-03-01T12:00:00.000Z'),
      { type: 'KeyReleased', data: { key, ownerId: 'crashed', releasedAt: now } },
    ])
      .when(takeOver('crashed'))
      .then([{ type: 'KeyClaimed', data: { key, ownerId: 'heir', claimedAt: now } }]);
  });
});
