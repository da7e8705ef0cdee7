import {
  type SessionEvent,
  type SessionState,
  carriesWholeState,
  sessionDecider,
} from '../../../domain/session';
import { toDomainEvent } from '../../../platform/commands/domain-events';
import { type LoadedAggregate, foldRecorded } from '../../../platform/commands/handle-command';
import { type EventStore } from '../../../platform/event-store/port';

/**
 * A session family's state from its last event alone when that event carries it all (see
 * domain/session/state.ts), so refresh and logout cost one row however often the family has
 * rotated; from the whole stream only for families last rotated before generations existed.
 * Hand the result to the runner (`loaded`) so it decides without reading again.
 */
export async function loadSession(
  store: EventStore,
  streamName: string,
): Promise<LoadedAggregate<SessionState>> {
  const tail = await store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
  const last = tail.at(0);
  if (!last || carriesWholeState(toDomainEvent(last) as SessionEvent)) {
    return foldRecorded(sessionDecider, tail);
  }
  return foldRecorded(sessionDecider, await store.readStream(streamName));
}
