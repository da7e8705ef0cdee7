import { NotFoundError, NotPermittedError } from '../shared/errors';
import { type Actor } from './commands';
import { type ExistingOrder, type OrderState } from './state';

const ORDER_NOT_FOUND = 'order not found';

export function requireExisting(state: OrderState): ExistingOrder {
  if (state.status === 'absent') throw new NotFoundError(ORDER_NOT_FOUND);
  return state;
}

/**
 * How the actor stands to an order: the customer who placed it, or an admin. For anyone else the
 * order does not exist, with the very error of a missing one, so no answer reveals that another
 * customer's order exists (SPEC: another user's order is 404). The customer never changes, so
 * this holds for every decision on the order.
 */
export function actingAs(order: ExistingOrder, actor: Actor): 'customer' | 'admin' {
  if (order.customerId === actor.userId) return 'customer';
  if (actor.isAdmin) return 'admin';
  throw new NotFoundError(ORDER_NOT_FOUND);
}

/**
 * Paying is the customer's own act. An admin sees every order, so hiding this one would be
 * pointless: the refusal says who pays instead.
 */
export function requireCustomer(order: ExistingOrder, actor: Actor): void {
  if (actingAs(order, actor) !== 'customer') {
    throw new NotPermittedError('only the customer who placed an order can pay it');
  }
}
