import { assertNever } from '../shared/decider';
import { ConflictError, IllegalStateError } from '../shared/errors';
import { FieldErrors, checkText } from '../shared/validation';
import {
  type ClaimCommand,
  type ClaimKey,
  type ReleaseKey,
  type TakeOverOrphanedClaim,
} from './commands';
import { type ClaimEvent } from './events';
import { orphanCandidate } from './policies';
import { type ClaimState, evolve } from './state';

export function claimKey({ data }: ClaimKey, state: ClaimState): ClaimEvent[] {
  new FieldErrors()
    .add('key', checkText(data.key, { max: 512 }))
    .add('ownerId', checkText(data.ownerId, { max: 256 }))
    .throwIfAny();
  if (state.status === 'claimed') {
    // The same owner retrying (say after a timeout) already holds the key.
    if (state.ownerId === data.ownerId) return [];
    throw new ConflictError(`${state.key} is already taken`);
  }
  return [
    { type: 'KeyClaimed', data: { key: data.key, ownerId: data.ownerId, claimedAt: data.now } },
  ];
}

export function releaseKey({ data }: ReleaseKey, state: ClaimState): ClaimEvent[] {
  if (state.status !== 'claimed') return [];
  if (state.ownerId !== data.ownerId) {
    throw new IllegalStateError(`${state.key} is held by another owner and cannot be released`);
  }
  return [
    { type: 'KeyReleased', data: { key: state.key, ownerId: data.ownerId, releasedAt: data.now } },
  ];
}

/** Releases the orphan's claim and claims for the new owner, in one append. */
export function takeOverOrphanedClaim(
  { data }: TakeOverOrphanedClaim,
  state: ClaimState,
): ClaimEvent[] {
  const { key, ownerId, orphanOwnerId, now } = data;
  const claim = (from: ClaimState) =>
    claimKey({ type: 'ClaimKey', data: { key, ownerId, now } }, from);
  if (orphanCandidate(state, now) !== orphanOwnerId) return claim(state);
  const released = releaseKey({ type: 'ReleaseKey', data: { ownerId: orphanOwnerId, now } }, state);
  return [...released, ...claim(released.reduce(evolve, state))];
}

export function decide(command: ClaimCommand, state: ClaimState): ClaimEvent[] {
  switch (command.type) {
    case 'ClaimKey':
      return claimKey(command, state);
    case 'ReleaseKey':
      return releaseKey(command, state);
    case 'TakeOverOrphanedClaim':
      return takeOverOrphanedClaim(command, state);
    default:
      return assertNever(command);
  }
}
