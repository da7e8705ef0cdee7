import { IllegalStateError } from '../shared/errors';

export type OrderStatus =
  'pending' | 'confirmed' | 'rejected' | 'paid' | 'cancelled' | 'expired' | 'shipped' | 'delivered';

const transitions = {
  pending: ['confirmed', 'rejected'],
  confirmed: ['paid', 'cancelled', 'expired'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  rejected: [],
  cancelled: [],
  expired: [],
  delivered: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

/**
 * The order life cycle from the SPEC, and the only one: every decision that changes status checks
 * it here, every event in evolve follows one of these edges, and the property test holds the
 * decider to it. Statuses with no way out are terminal.
 */
export const allowedTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> =
  transitions;

export const orderStatuses = Object.keys(allowedTransitions) as OrderStatus[];

/** The statuses from which `To` may be reached, computed from the table at the type level. */
export type SourcesOf<To extends OrderStatus> = {
  [From in OrderStatus]: To extends (typeof transitions)[From][number] ? From : never;
}[OrderStatus];

export const isTerminal = (status: OrderStatus): boolean => allowedTransitions[status].length === 0;

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  allowedTransitions[from].includes(to);

/**
 * Throws IllegalStateError ("order is pending, not confirmed") unless the order may move to `to`;
 * afterwards TypeScript knows the order is in one of the source statuses.
 */
export function requireTransition<O extends { status: OrderStatus }, To extends OrderStatus>(
  order: O,
  to: To,
): asserts order is Extract<O, { status: SourcesOf<To> }> {
  if (canTransition(order.status, to)) return;
  const sources = orderStatuses.filter((status) => canTransition(status, to));
  throw new IllegalStateError(`order is ${order.status}, not ${sources.join(' or ')}`);
}
