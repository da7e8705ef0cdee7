import { assertNever } from '../shared/decider';
import { IllegalStateError } from '../shared/errors';
import {
  FieldErrors,
  checkInteger,
  checkOptionalText,
  checkText,
  checkTimestamp,
  trimOptional,
} from '../shared/validation';
import { actingAs, requireCustomer, requireExisting } from './access';
import {
  type CancelOrder,
  type ConfirmOrder,
  type DeliverOrder,
  type ExpireOrder,
  type OrderCommand,
  type PayOrder,
  type RejectOrder,
  type ShipOrder,
} from './commands';
import { type OrderEvent, type ShortLine } from './events';
import { placeOrder } from './place-order';
import { type OrderState } from './state';
import { requireTransition } from './transitions';

/** 30 days: far beyond any sane hold on stock; RESERVATION_TTL_SECONDS is capped the same. */
export const MAX_RESERVATION_TTL = 30 * 24 * 3600;

// Saga commands (confirm, reject, expire) may be delivered twice, so repeating one whose outcome
// already holds decides nothing. Customer and admin commands are strict: paying twice is a 409,
// and HTTP retries are covered by Idempotency-Key instead.

export function confirmOrder({ data }: ConfirmOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  // Any status past `confirmed` (paid, shipped, ...) was reached through it: already done.
  if (order.status !== 'pending' && order.status !== 'rejected') return [];
  requireTransition(order, 'confirmed');
  new FieldErrors()
    .add('reservationTtlSeconds', checkInteger(data.reservationTtlSeconds, 1, MAX_RESERVATION_TTL))
    .add('now', checkTimestamp(data.now))
    .throwIfAny();
  const { orderId, customerId } = order;
  const reservationExpiresAt = new Date(
    Date.parse(data.now) + data.reservationTtlSeconds * 1000,
  ).toISOString();
  return [
    {
      type: 'OrderConfirmed',
      data: { orderId, customerId, reservationExpiresAt, confirmedAt: data.now },
    },
  ];
}

export function rejectOrder({ data }: RejectOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  if (order.status === 'rejected') return [];
  requireTransition(order, 'rejected');
  const shortLines = data.shortLines ?? [];
  new FieldErrors()
    .add('reason', checkText(data.reason, { max: 500 }))
    .add('shortLines', Array.isArray(shortLines) ? undefined : 'must be an array')
    .throwIfAny();
  const { orderId, customerId, lines } = order;
  return [
    {
      type: 'OrderRejected',
      data: {
        orderId,
        customerId,
        reason: data.reason.trim(),
        shortLines: shortLines.map(({ productId, requested, available }): ShortLine => ({
          productId,
          requested,
          available,
        })),
        lines: [...lines],
        rejectedAt: data.now,
      },
    },
  ];
}

export function payOrder({ data }: PayOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  requireCustomer(order, data.actor);
  requireTransition(order, 'paid');
  new FieldErrors()
    .add('paymentReference', checkText(data.paymentReference, { max: 200 }))
    .throwIfAny();
  const { orderId, customerId, lines, totalCents } = order;
  return [
    {
      type: 'OrderPaid',
      data: {
        orderId,
        customerId,
        paymentReference: data.paymentReference.trim(),
        lines: [...lines],
        totalCents,
        paidAt: data.now,
      },
    },
  ];
}

/** The customer or an admin cancels; the event records which, so the customer's mail can say. */
export function cancelOrder({ data }: CancelOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  const cancelledBy = actingAs(order, data.actor);
  requireTransition(order, 'cancelled');
  new FieldErrors().add('reason', checkOptionalText(data.reason, 500)).throwIfAny();
  const { orderId, customerId, lines, totalCents } = order;
  const reason = trimOptional(data.reason);
  return [
    {
      type: 'OrderCancelled',
      data: {
        orderId,
        customerId,
        previousStatus: order.status,
        cancelledBy,
        ...(reason !== undefined && { reason }),
        lines: [...lines],
        totalCents,
        cancelledAt: data.now,
      },
    },
  ];
}

export function expireOrder({ data }: ExpireOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  if (order.status === 'expired') return [];
  requireTransition(order, 'expired');
  new FieldErrors().add('now', checkTimestamp(data.now)).throwIfAny();
  const { orderId, customerId, lines, reservationExpiresAt } = order;
  if (Date.parse(data.now) < Date.parse(reservationExpiresAt)) {
    throw new IllegalStateError(`order ${orderId} is reserved until ${reservationExpiresAt}`);
  }
  return [
    {
      type: 'OrderExpired',
      data: { orderId, customerId, reservationExpiresAt, lines: [...lines], expiredAt: data.now },
    },
  ];
}

export function shipOrder({ data }: ShipOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  requireTransition(order, 'shipped');
  new FieldErrors().add('trackingNumber', checkOptionalText(data.trackingNumber, 100)).throwIfAny();
  const { orderId, customerId, lines } = order;
  const trackingNumber = trimOptional(data.trackingNumber);
  return [
    {
      type: 'OrderShipped',
      data: {
        orderId,
        customerId,
        ...(trackingNumber !== undefined && { trackingNumber }),
        lines: [...lines],
        shippedAt: data.now,
      },
    },
  ];
}

export function deliverOrder({ data }: DeliverOrder, state: OrderState): OrderEvent[] {
  const order = requireExisting(state);
  requireTransition(order, 'delivered');
  const { orderId, customerId } = order;
  return [{ type: 'OrderDelivered', data: { orderId, customerId, deliveredAt: data.now } }];
}

export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'ConfirmOrder':
      return confirmOrder(command, state);
    case 'RejectOrder':
      return rejectOrder(command, state);
    case 'PayOrder':
      return payOrder(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
    case 'ExpireOrder':
      return expireOrder(command, state);
    case 'ShipOrder':
      return shipOrder(command, state);
    case 'DeliverOrder':
      return deliverOrder(command, state);
    default:
      return assertNever(command);
  }
}
