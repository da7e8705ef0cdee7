import { type DomainEvent } from '../../domain/event-schemas';
import { orderDecider, streamName as orderStream } from '../../domain/order';
import { productDecider, streamName as productStream } from '../../domain/product';
import { type Decider } from '../../domain/shared/decider';
import { userDecider, streamName as userStream } from '../../domain/user';
import { foldRecorded } from '../../platform/commands/handle-command';
import { type EventStore } from '../../platform/event-store/port';
import { type LookupRequest, type Lookups } from './process-manager';

/**
 * Reads the aggregates a reaction asked for, each folded only up to the reaction's event's
 * position in `$all`. A trigger therefore sees the world as it was when it happened: a customer
 * who turned order mails off before the order was confirmed gets none, one who did so after gets
 * it, however the topics interleave on the way here. Every event before that position is
 * committed by the time the event itself was delivered (the store's visibility rule), so the
 * answer is the same on every redelivery.
 */
export async function loadLookups(
  store: EventStore,
  request: LookupRequest,
  asOf: string,
): Promise<Lookups> {
  const [user, product, order] = await Promise.all([
    request.user === undefined
      ? undefined
      : stateAsOf(store, userDecider, userStream(request.user), asOf),
    request.product === undefined
      ? undefined
      : stateAsOf(store, productDecider, productStream(request.product), asOf),
    request.order === undefined
      ? undefined
      : stateAsOf(store, orderDecider, orderStream(request.order), asOf),
  ]);
  return { ...(user && { user }), ...(product && { product }), ...(order && { order }) };
}

async function stateAsOf<State, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, never, E>,
  streamName: string,
  asOf: string,
): Promise<State> {
  const recorded = await store.readStream(streamName);
  const before = recorded.filter((event) => store.comparePositions(event.position, asOf) <= 0);
  return foldRecorded(decider, before).state;
}
