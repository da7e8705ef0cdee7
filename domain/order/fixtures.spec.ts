import {
  type Actor,
  type OrderCancelled,
  type OrderCommand,
  type OrderConfirmed,
  type OrderDelivered,
  type OrderExpired,
  type OrderLine,
  type OrderPaid,
  type OrderPlaced,
  type OrderRejected,
  type OrderShipped,
  type PlaceOrder,
  type ShippingAddress,
} from './index';

/** Shared by the order specs (not a suite itself): one order's events and commands, in full. */
export const orderId = 'o-1';
export const customerId = 'u-1';
/** The customer who placed the order, an admin, and another customer. */
export const owner: Actor = { userId: customerId, isAdmin: false };
export const admin: Actor = { userId: 'admin-1', isAdmin: true };
export const stranger: Actor = { userId: 'u-2', isAdmin: false };
export const placedAt = '2025-05-01T10:00:00.000Z';
export const now = '2025-05-01T10:05:00.000Z';
export const reservationExpiresAt = '2025-05-01T10:20:00.000Z';

export const shippingAddress: ShippingAddress = {
  addressId: 'a-1',
  line1: '1 Main St',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

export const lines: OrderLine[] = [
  {
    productId: 'p-1',
    sku: 'MUG-1',
    name: 'Mug',
    unitPriceCents: 1299,
    quantity: 2,
    lineTotalCents: 2598,
  },
  {
    productId: 'p-2',
    sku: 'TEA-9',
    name: 'Tea',
    unitPriceCents: 450,
    quantity: 1,
    lineTotalCents: 450,
  },
];

export const placeOrder = (data: Partial<PlaceOrder['data']> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  data: {
    orderId,
    customerId,
    lines: lines.map(({ lineTotalCents: _total, ...line }) => ({
      ...line,
      productStatus: 'active' as const,
    })),
    shippingAddress,
    now: placedAt,
    ...data,
  },
});

export const placed: OrderPlaced = {
  type: 'OrderPlaced',
  data: { orderId, customerId, lines, totalCents: 3048, shippingAddress, placedAt },
};
export const confirmed: OrderConfirmed = {
  type: 'OrderConfirmed',
  data: { orderId, customerId, reservationExpiresAt, confirmedAt: now },
};
export const rejected: OrderRejected = {
  type: 'OrderRejected',
  data: {
    orderId,
    customerId,
    reason: 'insufficient stock',
    shortLines: [{ productId: 'p-2', requested: 1, available: 0 }],
    lines,
    rejectedAt: now,
  },
};
export const paid: OrderPaid = {
  type: 'OrderPaid',
  data: { orderId, customerId, paymentReference: 'pay-42', lines, totalCents: 3048, paidAt: now },
};
export const shipped: OrderShipped = {
  type: 'OrderShipped',
  data: { orderId, customerId, trackingNumber: 'TRK-1', lines, shippedAt: now },
};
export const delivered: OrderDelivered = {
  type: 'OrderDelivered',
  data: { orderId, customerId, deliveredAt: now },
};
export const expired: OrderExpired = {
  type: 'OrderExpired',
  data: { orderId, customerId, reservationExpiresAt, lines, expiredAt: reservationExpiresAt },
};
export const cancelledAfter = (
  previousStatus: 'confirmed' | 'paid',
  extra: Partial<OrderCancelled['data']> = {},
): OrderCancelled => ({
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    previousStatus,
    cancelledBy: 'customer',
    lines,
    totalCents: 3048,
    cancelledAt: now,
    ...extra,
  },
});

export const confirm = (): OrderCommand => ({
  type: 'ConfirmOrder',
  data: { orderId, reservationTtlSeconds: 15 * 60, now },
});
export const reject = (): OrderCommand => ({
  type: 'RejectOrder',
  data: {
    orderId,
    reason: 'insufficient stock',
    shortLines: [{ productId: 'p-2', requested: 1, available: 0 }],
    now,
  },
});
export const pay = (actor: Actor = owner): OrderCommand => ({
  type: 'PayOrder',
  data: { orderId, paymentReference: 'pay-42', actor, now },
});
export const cancel = (actor: Actor = owner): OrderCommand => ({
  type: 'CancelOrder',
  data: { orderId, actor, now },
});
export const expire = (at: string = reservationExpiresAt): OrderCommand => ({
  type: 'ExpireOrder',
  data: { orderId, now: at },
});
export const ship = (): OrderCommand => ({
  type: 'ShipOrder',
  data: { orderId, trackingNumber: 'TRK-1', now },
});
export const deliver = (): OrderCommand => ({ type: 'DeliverOrder', data: { orderId, now } });
