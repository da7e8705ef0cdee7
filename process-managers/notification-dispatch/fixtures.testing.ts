import { type LowStockDetected } from '../../domain/inventory';
import {
  type OrderCancelled,
  type OrderConfirmed,
  type OrderExpired,
  type OrderLine,
  type OrderRejected,
  type OrderShipped,
} from '../../domain/order';
import { type ProductState } from '../../domain/product';
import { type UserEvent } from '../../domain/user';

/** One trigger of each kind, for Ann's order o-1 and product p-1 (shared by the specs). */
export const at = '2025-06-01T09:00:00.000Z';

export const registered: UserEvent = {
  type: 'UserRegistered',
  data: {
    userId: 'u-1',
    email: 'Ann@Example.com',
    normalisedEmail: 'ann@example.com',
    name: 'Ann',
    passwordHash: 'h',
    roles: ['customer'],
    registeredAt: at,
  },
};
export const orderUpdates = (on: boolean): UserEvent => ({
  type: 'NotificationPreferencesChanged',
  data: { userId: 'u-1', orderUpdates: on, marketing: false, changedAt: at },
});

/** Two lines, 28.99 in all; the first one's name can be chosen (markup, for escaping). */
export const orderLines = (firstName = 'Espresso cup'): OrderLine[] => [
  {
    productId: 'p-1',
    sku: 'CUP-1',
    name: firstName,
    unitPriceCents: 1250,
    quantity: 2,
    lineTotalCents: 2500,
  },
  {
    productId: 'p-2',
    sku: 'SAU-9',
    name: 'Saucer',
    unitPriceCents: 399,
    quantity: 1,
    lineTotalCents: 399,
  },
];
export const lines = orderLines();
export const order = { orderId: 'o-1', customerId: 'u-1' };
export const confirmed: OrderConfirmed = {
  type: 'OrderConfirmed',
  data: { ...order, reservationExpiresAt: '2025-06-01T09:15:00.000Z', confirmedAt: at },
};
export const rejected: OrderRejected = {
  type: 'OrderRejected',
  data: {
    ...order,
    reason: 'insufficient stock',
    shortLines: [{ productId: 'p-1', requested: 2, available: 1 }],
    lines,
    rejectedAt: at,
  },
};
export const shipped: OrderShipped = {
  type: 'OrderShipped',
  data: { ...order, trackingNumber: 'TRK-42', lines, shippedAt: at },
};
export const cancelled: OrderCancelled = {
  type: 'OrderCancelled',
  data: {
    ...order,
    previousStatus: 'paid',
    cancelledBy: 'customer',
    lines,
    totalCents: 2899,
    cancelledAt: at,
  },
};
export const expired: OrderExpired = {
  type: 'OrderExpired',
  data: { ...order, reservationExpiresAt: '2025-06-01T09:15:00.000Z', lines, expiredAt: at },
};
export const lowStock: LowStockDetected = {
  type: 'LowStockDetected',
  data: { productId: 'p-1', sku: 'CUP-1', available: 2, threshold: 5, detectedAt: at },
};
export const cup: ProductState = {
  status: 'active',
  productId: 'p-1',
  sku: 'CUP-1',
  name: 'Espresso cup',
  description: '',
  category: 'kitchen',
  priceCents: 1250,
};
