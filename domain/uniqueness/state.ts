import { assertNever } from '../shared/decider';
import { type ClaimEvent } from './events';

/** `released` behaves like `free`; it is kept apart so the history stays readable in state. */
export type ClaimState =
  | { status: 'free' }
  | { status: 'claimed'; key: string; ownerId: string; claimedAt: string }
  | { status: 'released'; key: string; previousOwnerId: string };

export const initialState = (): ClaimState => ({ status: 'free' });

export function evolve(_state: ClaimState, event: ClaimEvent): ClaimState {
  switch (event.type) {
    case 'KeyClaimed': {
      const { key, ownerId, claimedAt } = event.data;
      return { status: 'claimed', key, ownerId, claimedAt };
    }
    case 'KeyReleased':
      return { status: 'released', key: event.data.key, previousOwnerId: event.data.ownerId };
    default:
      return assertNever(event);
  }
}
