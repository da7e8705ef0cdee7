import { type Actor } from '../../domain/order';
import { type Principal } from '../../platform/auth/principal';

/** The caller as the order decider judges who may act on an order. */
export function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, isAdmin: principal.roles.includes('admin') };
}
