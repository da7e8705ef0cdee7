import { type DomainEvent } from '../../domain/event-schemas';
import { orderDecider, streamName as orderStream } from '../../domain/order';
import { productDecider, streamName as productStream } from '../../domain/product';
import { type Decider } from '../../domain/shared/decider';
import { userDecider, streamName as userStream } from '../../domain/user';
import { foldRecorded } from '../../platform/commands/handle-command';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { type LookupRequest, type Lookups } from './process-manager';

/**
 * Reads the aggregates a reaction asked for, each folded only up to the reaction's event's
 * position in `$all`. A trigger therefore sees the world as it was when it happened: a customer
 * who turned order mails off before the order was confirmed gets none, one who did so after gets
 * it, however the topics interleave on the way here. Every event before that position is
 * committed by the time the event itself was delivered (the store's visibility rule), so the
 * answer is the same on every redelivery. All of them come in one read (one query, one commit
 * on PostgreSQL), where a read per aggregate cost a round trip each.
 */
export async function loadLookups(
  store: EventStore,
  request: LookupRequest,
  asOf: string,
): Promise<Lookups> {
  const user = request.user === undefined ? undefined : userStream(request.user);
  const product = request.product === undefined ? undefined : productStream(request.product);
  const order = request.order === undefined ? undefined : orderStream(request.order);
  const names = [user, product, order].filter((name) => name !== undefined);
  if (names.length === 0) return {};
  const read = await store.readStreams(names);
  const asOfTrigger = (name: string) =>
    (read.get(name) ?? []).filter((event) => store.comparePositions(event.position, asOf) <= 0);
  return {
    ...(user && { user: stateOf(userDecider, asOfTrigger(user)) }),
    ...(product && { product: stateOf(productDecider, asOfTrigger(product)) }),
    ...(order && { order: stateOf(orderDecider, asOfTrigger(order)) }),
  };
}

function stateOf<State, E extends DomainEvent>(
  decider: Decider<State, never, E>,
  recorded: readonly RecordedEvent[],
): State {
  return foldRecorded(decider, recorded).state;
}
