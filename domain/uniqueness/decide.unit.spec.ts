import { specFor } from '../shared/decider-specification';
import { ConflictError, IllegalStateError, ValidationError } from '../shared/errors';
import { type ClaimEvent, type ClaimKey, type ReleaseKey, claimDecider, streamName } from './index';

const given = specFor(claimDecider);
const now = '2025-03-01T12:00:00.000Z';
const key = 'alice@example.com';
const claim = (ownerId: string): ClaimKey => ({ type: 'ClaimKey', data: { key, ownerId, now } });
const release = (ownerId: string): ReleaseKey => ({ type: 'ReleaseKey', data: { ownerId, now } });
const claimed = (ownerId: string): ClaimEvent => ({
  type: 'KeyClaimed',
  data: { key, ownerId, claimedAt: now },
});
const released = (ownerId: string): ClaimEvent => ({
  type: 'KeyReleased',
  data: { key, ownerId, releasedAt: now },
});

describe('Uniqueness claim', () => {
  it('names one stream per scope and normalised key', () => {
    expect(streamName('email', key)).toBe('unique-email-alice@example.com');
    expect(streamName('sku', 'ABC-1')).toBe('unique-sku-ABC-1');
  });

  describe('when free', () => {
    it('claims the key', () => {
      given([])
        .when(claim('u-1'))
        .then([claimed('u-1')]);
    });

    it('treats a release as a no-op', () => {
      given([]).when(release('u-1')).thenNothingHappens();
    });

    it('requires a key and an owner', () => {
      const error = given([])
        .when({ type: 'ClaimKey', data: { key: '', ownerId: '', now } })
        .thenThrows(ValidationError);
      expect(error.errors.map((e) => e.field)).toEqual(['key', 'ownerId']);
    });
  });

  describe('when claimed', () => {
    it('is idempotent for the same owner', () => {
      given([claimed('u-1')])
        .when(claim('u-1'))
        .thenNothingHappens();
    });

    it('refuses another owner with ConflictError', () => {
      given([claimed('u-1')])
        .when(claim('u-2'))
        .thenThrows(ConflictError, 'alice@example.com is already taken');
    });

    it('is released by its owner', () => {
      given([claimed('u-1')])
        .when(release('u-1'))
        .then([released('u-1')]);
    });

    it('cannot be released by another owner', () => {
      given([claimed('u-1')])
        .when(release('u-2'))
        .thenThrows(IllegalStateError);
    });
  });

  describe('when released', () => {
    it('can be claimed again, by anyone', () => {
      given([claimed('u-1'), released('u-1')])
        .when(claim('u-2'))
        .then([claimed('u-2')]);
    });

    it('treats a second release as a no-op', () => {
      given([claimed('u-1'), released('u-1')])
        .when(release('u-1'))
        .thenNothingHappens();
    });
  });
});
