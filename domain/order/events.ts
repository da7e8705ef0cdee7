import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

/** A line as ordered: sku, name and price are snapshots, so later catalog edits never change it. */
export type OrderLine = {
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
};

/** A copy of the customer's address at order time; deleting that address later changes nothing. */
export type ShippingAddress = {
  addressId?: string;
  label?: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
};

/** A line the saga could not reserve in full. */
export type ShortLine = { productId: string; requested: number; available: number };

/** Statuses an order can be cancelled from; consumers use it to release stock or undo revenue. */
export type CancellableStatus = 'confirmed' | 'paid';

// Events after OrderPlaced repeat customerId, and those that move stock or money repeat the
// lines and total, so notification, saga and analytics consumers (and a windowed analytics
// backfill) never need the OrderPlaced event to act on them.

export type OrderPlaced = Event<
  'OrderPlaced',
  {
    orderId: string;
    customerId: string;
    lines: OrderLine[];
    totalCents: number;
    shippingAddress: ShippingAddress;
    placedAt: string;
  }
>;

export type OrderConfirmed = Event<
  'OrderConfirmed',
  { orderId: string; customerId: string; reservationExpiresAt: string; confirmedAt: string }
>;

export type OrderRejected = Event<
  'OrderRejected',
  {
    orderId: string;
    customerId: string;
    reason: string;
    shortLines: ShortLine[];
    lines: OrderLine[];
    rejectedAt: string;
  }
>;

export type OrderPaid = Event<
  'OrderPaid',
  {
    orderId: string;
    customerId: string;
    paymentReference: string;
    lines: OrderLine[];
    totalCents: number;
    paidAt: string;
  }
>;

export type OrderCancelled = Event<
  'OrderCancelled',
  {
    orderId: string;
    customerId: string;
    /** `paid` means revenue was counted and must be subtracted; both mean stock is held. */
    previousStatus: CancellableStatus;
    cancelledBy: 'customer' | 'admin';
    reason?: string;
    lines: OrderLine[];
    totalCents: number;
    cancelledAt: string;
  }
>;

export type OrderExpired = Event<
  'OrderExpired',
  {
    orderId: string;
    customerId: string;
    reservationExpiresAt: string;
    lines: OrderLine[];
    expiredAt: string;
  }
>;

export type OrderShipped = Event<
  'OrderShipped',
  {
    orderId: string;
    customerId: string;
    trackingNumber?: string;
    lines: OrderLine[];
    shippedAt: string;
  }
>;

export type OrderDelivered = Event<
  'OrderDelivered',
  { orderId: string; customerId: string; deliveredAt: string }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderConfirmed
  | OrderRejected
  | OrderPaid
  | OrderCancelled
  | OrderExpired
  | OrderShipped
  | OrderDelivered;

export const orderEventSchemas: EventSchemas<OrderEvent['type']> = {
  OrderPlaced: { version: 1 },
  OrderConfirmed: { version: 1 },
  OrderRejected: { version: 1 },
  OrderPaid: { version: 1 },
  OrderCancelled: { version: 1 },
  OrderExpired: { version: 1 },
  OrderShipped: { version: 1 },
  OrderDelivered: { version: 1 },
};
