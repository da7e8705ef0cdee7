import { assertNever } from '../shared/decider';
import {
  type CancellableStatus,
  type OrderEvent,
  type OrderLine,
  type ShippingAddress,
} from './events';

export type PlacedOrder = {
  orderId: string;
  customerId: string;
  lines: readonly OrderLine[];
  totalCents: number;
  shippingAddress: ShippingAddress;
  placedAt: string;
};

/** One variant per status of `allowedTransitions`, each with what that status adds. */
export type OrderState =
  | { status: 'absent' }
  | (PlacedOrder & { status: 'pending' })
  | (PlacedOrder & { status: 'confirmed'; reservationExpiresAt: string })
  | (PlacedOrder & { status: 'rejected'; reason: string })
  | (PlacedOrder & { status: 'paid'; paymentReference: string })
  | (PlacedOrder & { status: 'cancelled'; previousStatus: CancellableStatus })
  | (PlacedOrder & { status: 'expired' })
  | (PlacedOrder & { status: 'shipped'; trackingNumber?: string })
  | (PlacedOrder & { status: 'delivered' });

export type ExistingOrder = Exclude<OrderState, { status: 'absent' }>;

export const initialState = (): OrderState => ({ status: 'absent' });

/**
 * Each event moves the order along one edge of `allowedTransitions` (decide guarantees it).
 * Evolve trusts stored history and never throws, so old streams always load.
 */
export function evolve(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderPlaced') {
    const { placedAt, orderId, customerId, lines, totalCents, shippingAddress } = event.data;
    return { status: 'pending', orderId, customerId, lines, totalCents, shippingAddress, placedAt };
  }
  if (state.status === 'absent') return state;
  const order = placedPart(state);

  switch (event.type) {
    case 'OrderConfirmed':
      return {
        ...order,
        status: 'confirmed',
        reservationExpiresAt: event.data.reservationExpiresAt,
      };
    case 'OrderRejected':
      return { ...order, status: 'rejected', reason: event.data.reason };
    case 'OrderPaid':
      return { ...order, status: 'paid', paymentReference: event.data.paymentReference };
    case 'OrderCancelled':
      return { ...order, status: 'cancelled', previousStatus: event.data.previousStatus };
    case 'OrderExpired':
      return { ...order, status: 'expired' };
    case 'OrderShipped': {
      const { trackingNumber } = event.data;
      return {
        ...order,
        status: 'shipped',
        ...(trackingNumber !== undefined && { trackingNumber }),
      };
    }
    case 'OrderDelivered':
      return { ...order, status: 'delivered' };
    default:
      return assertNever(event);
  }
}

function placedPart(state: ExistingOrder): PlacedOrder {
  const { orderId, customerId, lines, totalCents, shippingAddress, placedAt } = state;
  return { orderId, customerId, lines, totalCents, shippingAddress, placedAt };
}
