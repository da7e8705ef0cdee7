import { type Command } from '../shared/decider';
import { type ShippingAddress, type ShortLine } from './events';

/**
 * One line as the sender found its product in the catalog just before sending: `unknown` when
 * there is no such product, otherwise its status and current sku, name and price. The decider
 * decides whether the product can be ordered.
 */
export type PlaceOrderLine = { productId: string; quantity: number } & (
  | {
      productStatus: 'active' | 'discontinued';
      sku: string;
      name: string;
      unitPriceCents: number;
    }
  | { productStatus: 'unknown' }
);

export type PlaceOrder = Command<
  'PlaceOrder',
  {
    orderId: string;
    customerId: string;
    lines: PlaceOrderLine[];
    /** The customer's address the order asked for; null when the customer has no such address. */
    shippingAddress: ShippingAddress | null;
    now: string;
  }
>;

/** Who sends a customer's command: the order decides what they may do to it. */
export type Actor = { userId: string; isAdmin: boolean };

/**
 * Saga: every line is reserved; the stock is held for `reservationTtlSeconds` from the moment the
 * order is confirmed (`now`), however long the confirmation took to arrive.
 */
export type ConfirmOrder = Command<
  'ConfirmOrder',
  { orderId: string; reservationTtlSeconds: number; now: string }
>;

/** Saga: some line could not be reserved. */
export type RejectOrder = Command<
  'RejectOrder',
  { orderId: string; reason: string; shortLines?: ShortLine[]; now: string }
>;

export type PayOrder = Command<
  'PayOrder',
  { orderId: string; paymentReference: string; actor: Actor; now: string }
>;

export type CancelOrder = Command<
  'CancelOrder',
  { orderId: string; reason?: string; actor: Actor; now: string }
>;

/** Expiry worker: the confirmed order stayed unpaid past its reservation. */
export type ExpireOrder = Command<'ExpireOrder', { orderId: string; now: string }>;

export type ShipOrder = Command<
  'ShipOrder',
  { orderId: string; trackingNumber?: string; now: string }
>;

export type DeliverOrder = Command<'DeliverOrder', { orderId: string; now: string }>;

export type OrderCommand =
  | PlaceOrder
  | ConfirmOrder
  | RejectOrder
  | PayOrder
  | CancelOrder
  | ExpireOrder
  | ShipOrder
  | DeliverOrder;
