import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

export type KeyClaimed = Event<'KeyClaimed', { key: string; ownerId: string; claimedAt: string }>;

export type KeyReleased = Event<
  'KeyReleased',
  { key: string; ownerId: string; releasedAt: string }
>;

export type ClaimEvent = KeyClaimed | KeyReleased;

export const claimEventSchemas: EventSchemas<ClaimEvent['type']> = {
  KeyClaimed: { version: 1 },
  KeyReleased: { version: 1 },
};
