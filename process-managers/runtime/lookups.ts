import { type DomainEvent } from '../../domain/event-schemas';
import { orderDecider, streamName as orderStream } from '../../domain/order';
import { productDecider, streamName as productStream } from '../../domain/product';
import { type Decider } from '../../domain/shared/decider';
import { userDecider, streamName as userStream } from '../../domain/user';
import { foldRecorded } from '../../platform/commands/handle-command';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { type LookupRequest, type Lookups } from './process-manager';

/** What one reaction asks for, and the position in `$all` its answer is taken at. */
export type LookupAt = Readonly<{ request: LookupRequest; asOf: string }>;

/**
 * Reads the aggregates each reaction asked for, each folded only up to that reaction's event's
 * position in `$all`. A trigger therefore sees the world as it was when it happened: a customer
 * who turned order mails off before the order was confirmed gets none, one who did so after gets
 * it, however the topics interleave on the way here. Every event before that position is
 * committed by the time the event itself was delivered (the store's visibility rule), so the
 * answer is the same on every redelivery. All of a batch's reactions are answered from one read
 * (one query, one commit on PostgreSQL), where a read per aggregate cost a round trip each.
 */
export async function loadLookups(
  store: EventStore,
  requests: readonly LookupAt[],
): Promise<Lookups[]> {
  const names = requests.map(({ request }) => ({
    user: request.user === undefined ? undefined : userStream(request.user),
    product: request.product === undefined ? undefined : productStream(request.product),
    order: request.order === undefined ? undefined : orderStream(request.order),
  }));
  const all = new Set(names.flatMap((named) => Object.values(named).filter((name) => name)));
  if (all.size === 0) return requests.map(() => ({}));
  const read = await store.readStreams([...all] as string[]);
  return requests.map(({ asOf }, index) => {
    const { user, product, order } = names[index];
    const asOfTrigger = (name: string) =>
      (read.get(name) ?? []).filter((event) => store.comparePositions(event.position, asOf) <= 0);
    return {
      ...(user && { user: stateOf(userDecider, asOfTrigger(user)) }),
      ...(product && { product: stateOf(productDecider, asOfTrigger(product)) }),
      ...(order && { order: stateOf(orderDecider, asOfTrigger(order)) }),
    };
  });
}

function stateOf<State, E extends DomainEvent>(
  decider: Decider<State, never, E>,
  recorded: readonly RecordedEvent[],
): State {
  return foldRecorded(decider, recorded).state;
}
