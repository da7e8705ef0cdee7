import { NotFoundError } from '../../domain/shared/errors';
import { type ExistingOrder, orderDecider, streamName } from '../../domain/order';
import { type Principal } from '../../platform/auth/principal';
import { loadAggregate } from '../../platform/commands/handle-command';
import { type EventStore } from '../../platform/event-store/port';

/** How the caller relates to an order it may act on. */
export type OrderCaller = 'owner' | 'admin';

export type AccessibleOrder = Readonly<{ order: ExistingOrder; caller: OrderCaller }>;

/**
 * Loads an order as `principal` may see it: the customer who placed it and admins see it, for
 * anyone else it does not exist (SPEC: another user's order is 404, its existence not revealed).
 * The owner never changes, so this check stays true for the decision that follows it.
 */
export async function loadOrderFor(
  store: EventStore,
  orderId: string,
  principal: Principal,
): Promise<AccessibleOrder> {
  const { state } = await loadAggregate(store, orderDecider, streamName(orderId));
  // The same error as the decider's for a missing order, so both cases read alike.
  if (state.status === 'absent') throw new NotFoundError('order not found');
  if (state.customerId === principal.userId) return { order: state, caller: 'owner' };
  if (principal.roles.includes('admin')) return { order: state, caller: 'admin' };
  throw new NotFoundError('order not found');
}
