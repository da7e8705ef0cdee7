import { type NotificationTemplate } from '../../domain/notification';
import {
  type OrderCancelled,
  type OrderConfirmed,
  type OrderExpired,
  type OrderLine,
  type OrderRejected,
  type OrderShipped,
} from '../../domain/order';
import { type LowStockDetected } from '../../domain/inventory';
import { formatCents, formatLines, formatTime, totalOf } from './format';

/**
 * What each template's placeholders are filled with. Everything a mail says is fixed when it is
 * requested, from the trigger and the lookups at the trigger's position, and stored with the
 * request: the send may run much later, or again after a crash, and must say the same.
 */
export type MailVariables = {
  welcome: { name: string; email: string };
  'order-confirmed': {
    name: string;
    orderId: string;
    payBefore: string;
    lines: string;
    total: string;
  };
  'order-rejected': { name: string; orderId: string; reason: string; shortLines: string };
  'order-shipped': {
    name: string;
    orderId: string;
    tracking: string;
    lines: string;
    total: string;
  };
  'order-cancelled': { name: string; orderId: string; why: string; lines: string; total: string };
  'low-stock': {
    productName: string;
    sku: string;
    productId: string;
    available: string;
    threshold: string;
  };
};

export type MailContent = {
  [T in NotificationTemplate]: { template: T; subject: string; variables: MailVariables[T] };
}[NotificationTemplate];

/** The recipient's name as the mail greets them. */
type Customer = { name: string };

export function welcomeMail(user: { name: string; email: string }): MailContent {
  return {
    template: 'welcome',
    subject: `Welcome to Shopstream, ${user.name}`,
    variables: { name: user.name, email: user.email },
  };
}

/** `lines`: the order's lines as placed (the order lookup at the confirmation's position). */
export function orderConfirmedMail(
  customer: Customer,
  data: OrderConfirmed['data'],
  lines: readonly OrderLine[],
): MailContent {
  return {
    template: 'order-confirmed',
    subject: `Order ${data.orderId} is confirmed`,
    variables: {
      name: customer.name,
      orderId: data.orderId,
      payBefore: formatTime(data.reservationExpiresAt),
      lines: formatLines(lines),
      total: formatCents(totalOf(lines)),
    },
  };
}

export function orderRejectedMail(customer: Customer, data: OrderRejected['data']): MailContent {
  const named = new Map(data.lines.map((line) => [line.productId, line]));
  const shortLines = data.shortLines
    .map(({ productId, requested, available }) => {
      const line = named.get(productId);
      const what = line ? `${line.name} (${line.sku})` : productId;
      return `${what}: ${requested} ordered, ${available} available`;
    })
    .join('\n');
  return {
    template: 'order-rejected',
    subject: `Order ${data.orderId} could not be accepted`,
    variables: {
      name: customer.name,
      orderId: data.orderId,
      reason: data.reason,
      // A rejection for another reason than stock names no lines; the sentence still reads.
      shortLines: shortLines || 'none',
    },
  };
}

export function orderShippedMail(customer: Customer, data: OrderShipped['data']): MailContent {
  return {
    template: 'order-shipped',
    subject: `Order ${data.orderId} has shipped`,
    variables: {
      name: customer.name,
      orderId: data.orderId,
      tracking: data.trackingNumber
        ? `Tracking number: ${data.trackingNumber}`
        : 'This shipment has no tracking number.',
      lines: formatLines(data.lines),
      total: formatCents(totalOf(data.lines)),
    },
  };
}

/** Cancelled and expired orders share the template; the subject and the `why` tell them apart. */
export function orderCancelledMail(
  customer: Customer,
  event: OrderCancelled | OrderExpired,
): MailContent {
  const { data } = event;
  const why =
    event.type === 'OrderExpired'
      ? `It was not paid by ${formatTime(event.data.reservationExpiresAt)}, so it expired and its items were released.`
      : event.data.cancelledBy === 'customer'
        ? 'You cancelled it.'
        : `We cancelled it.${event.data.reason ? ` Reason: ${event.data.reason}` : ''}`;
  return {
    template: 'order-cancelled',
    subject:
      event.type === 'OrderExpired'
        ? `Order ${data.orderId} has expired`
        : `Order ${data.orderId} was cancelled`,
    variables: {
      name: customer.name,
      orderId: data.orderId,
      why,
      lines: formatLines(data.lines),
      total: formatCents(totalOf(data.lines)),
    },
  };
}

/** `productName` from the catalogue as of the trigger; the SKU stands in if it is unknown. */
export function lowStockMail(data: LowStockDetected['data'], productName?: string): MailContent {
  return {
    template: 'low-stock',
    subject: `Low stock: ${data.sku} (${data.available} left)`,
    variables: {
      productName: productName ?? data.sku,
      sku: data.sku,
      productId: data.productId,
      available: String(data.available),
      threshold: String(data.threshold),
    },
  };
}
