import { type InventoryCommand } from '../../domain/inventory';
import { type NotificationTemplate } from '../../domain/notification';
import {
  type OrderCommand,
  type PlaceOrderLine,
  type ShortLine,
  orderDecider,
  streamName as orderStream,
} from '../../domain/order';
import { type Dice } from './dice.testing';
import { DAY, type Draft, HOUR, MINUTE, type WorkloadWriter } from './workload-writer.testing';

export type Customer = Readonly<{
  userId: string;
  email: string;
  addressId: string;
  /** Whether the customer wants order mails (notification preferences). */
  orderUpdates: boolean;
}>;

/**
 * One order from placement to its end, as the reservation saga, the customer, the warehouse and
 * the expiry worker drive it: stock reserved line by line (rejected and released when a line is
 * short), confirmed, then left unpaid, expired, cancelled by the customer, paid, cancelled by an
 * admin after payment, shipped (the reserved stock leaves) and delivered; with the mails the
 * dispatcher sends if the customer wants them. A few orders stay pending: the saga is behind.
 */
export async function orderJourney(
  writer: WorkloadWriter,
  dice: Dice,
  order: Readonly<{ orderId: string; customer: Customer; lines: PlaceOrderLine[]; at: number }>,
): Promise<void> {
  const { orderId, customer, lines } = order;
  const customerId = customer.userId;
  let at = order.at;
  const decide = (draft: Draft<OrderCommand>, later: number, actor: string | null = null) =>
    writer.run(orderDecider, orderStream(orderId), draft, (at += later), actor);
  const stock = (productId: string, draft: Draft<InventoryCommand>) =>
    writer.inventory(dice, productId, draft, at + 500);
  const mail = async (template: NotificationTemplate) => {
    if (!customer.orderUpdates) return;
    await writer.notify(dice, template, customer.email, customerId, at + 2000);
  };
  const reserved: string[] = [];
  const release = async (reason: string) => {
    for (const productId of reserved) {
      await stock(productId, { type: 'ReleaseReservation', data: { productId, orderId, reason } });
    }
  };

  const shippingAddress = {
    addressId: customer.addressId,
    line1: '1 Main St',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  };
  const placed = { orderId, customerId, lines, shippingAddress };
  await decide({ type: 'PlaceOrder', data: placed }, 0, customerId);
  if (dice.chance(0.03)) return; // the saga has not got to it yet

  const shortLines: ShortLine[] = [];
  for (const { productId, quantity } of lines) {
    const reserve = { productId, orderId, quantity };
    for (const event of await stock(productId, { type: 'ReserveStock', data: reserve })) {
      if (event.type === 'StockReserved') reserved.push(productId);
      if (event.type === 'StockReservationFailed') {
        const { requested, available } = event.data;
        shortLines.push({ productId, requested, available });
      }
    }
  }
  if (shortLines.length > 0) {
    const reason = 'insufficient stock';
    await decide({ type: 'RejectOrder', data: { orderId, reason, shortLines } }, 1000);
    await release('order rejected');
    return mail('order-rejected');
  }
  await decide({ type: 'ConfirmOrder', data: { orderId, reservationTtlSeconds: 15 * 60 } }, 1000);
  await mail('order-confirmed');

  const fate = dice.next();
  if (fate < 0.05) return; // confirmed, still within its reservation
  if (fate < 0.13) {
    await decide({ type: 'ExpireOrder', data: { orderId } }, 20 * MINUTE);
    await release('order expired');
    return mail('order-cancelled');
  }
  if (fate < 0.21) {
    const actor = { userId: customerId, isAdmin: false };
    const data = { orderId, actor, reason: 'changed my mind' };
    await decide({ type: 'CancelOrder', data }, 5 * MINUTE, customerId);
    await release('order cancelled');
    return mail('order-cancelled');
  }
  const paymentReference = `pay-${orderId.slice(0, 8)}`;
  const paid = { orderId, paymentReference, actor: { userId: customerId, isAdmin: false } };
  await decide({ type: 'PayOrder', data: paid }, dice.int(1, 14) * MINUTE, customerId);
  if (fate < 0.27) {
    const data = { orderId, actor: { userId: 'admin', isAdmin: true } };
    await decide({ type: 'CancelOrder', data }, 2 * HOUR, 'admin');
    await release('order cancelled');
    return mail('order-cancelled');
  }
  if (fate < 0.33) return; // paid, waiting for the warehouse
  const trackingNumber = `TRK${dice.int(100_000, 999_999)}`;
  await decide({ type: 'ShipOrder', data: { orderId, trackingNumber } }, DAY);
  for (const productId of reserved) {
    await stock(productId, { type: 'ShipReservation', data: { productId, orderId } });
  }
  await mail('order-shipped');
  if (dice.chance(0.85)) await decide({ type: 'DeliverOrder', data: { orderId } }, 2 * DAY);
}
