import { specFor } from '../shared/decider-specification';
import { ConflictError } from '../shared/errors';
import {
  type ClaimEvent,
  type TakeOverOrphanedClaim,
  claimDecider,
  orphanCandidate,
} from './index';

const given = specFor(claimDecider);
const key = 'MUG-1';
const now = '2025-03-01T12:01:00.000Z';
/** 60 s before `now`: past the 30 s grace period. */
const longAgo = '2025-03-01T12:00:00.000Z';
/** 15 s before `now`: within it. */
const recently = '2025-03-01T12:00:45.000Z';

const claimed = (ownerId: string, claimedAt: string): ClaimEvent => ({
  type: 'KeyClaimed',
  data: { key, ownerId, claimedAt },
});
const takeOver = (orphanOwnerId: string): TakeOverOrphanedClaim => ({
  type: 'TakeOverOrphanedClaim',
  data: { key, ownerId: 'heir', orphanOwnerId, now },
});
const heirClaims: ClaimEvent = {
  type: 'KeyClaimed',
  data: { key, ownerId: 'heir', claimedAt: now },
};

describe('Taking over an orphaned claim', () => {
  describe('when claimed past the grace period', () => {
    it('releases the orphan and claims for the new owner in one append', () => {
      given([claimed('crashed', longAgo)])
        .when(takeOver('crashed'))
        .then([
          { type: 'KeyReleased', data: { key, ownerId: 'crashed', releasedAt: now } },
          heirClaims,
        ]);
    });

    it('refuses when the claim belongs to someone else than the presumed orphan', () => {
      given([claimed('someone-else', longAgo)])
        .when(takeOver('crashed'))
        .thenThrows(ConflictError, 'MUG-1 is already taken');
    });

    it('names its owner as an orphan candidate', () => {
      const state = [claimed('crashed', longAgo)].reduce(
        claimDecider.evolve,
        claimDecider.initialState(),
      );
      expect(orphanCandidate(state, now)).toBe('crashed');
    });
  });

  describe('when claimed within the grace period', () => {
    it('refuses: the owner may still be creating its stream', () => {
      given([claimed('slow', recently)])
        .when(takeOver('slow'))
        .thenThrows(ConflictError, 'MUG-1 is already taken');
    });

    it('names no orphan candidate', () => {
      const state = claimDecider.evolve(claimDecider.initialState(), claimed('slow', recently));
      expect(orphanCandidate(state, now)).toBeUndefined();
    });
  });

  describe('when released meanwhile', () => {
    it('simply claims the key', () => {
      given([
        claimed('crashed', longAgo),
        { type: 'KeyReleased', data: { key, ownerId: 'crashed', releasedAt: recently } },
      ])
        .when(takeOver('crashed'))
        .then([heirClaims]);
    });
  });

  describe('when already taken over by the same heir', () => {
    it('decides nothing: the retry finds its own claim', () => {
      given([claimed('heir', now)])
        .when(takeOver('crashed'))
        .thenNothingHappens();
    });
  });
});
