import { type Command } from '../shared/decider';
import { type ShippingAddress, type ShortLine } from './events';

/** The write side resolves each productId to its current sku, name and price before sending. */
export type PlaceOrderLine = {
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
};

export type PlaceOrder = Command<
  'PlaceOrder',
  {
    orderId: string;
    customerId: string;
    lines: PlaceOrderLine[];
    shippingAddress: ShippingAddress;
    now: string;
  }
>;

/** Saga: every line is reserved; the stock is held until `reservationExpiresAt`. */
export type ConfirmOrder = Command<
  'ConfirmOrder',
  { orderId: string; reservationExpiresAt: string; now: string }
>;

/** Saga: some line could not be reserved. */
export type RejectOrder = Command<
  'RejectOrder',
  { orderId: string; reason: string; shortLines?: ShortLine[]; now: string }
>;

export type PayOrder = Command<
  'PayOrder',
  { orderId: string; paymentReference: string; now: string }
>;

export type CancelOrder = Command<
  'CancelOrder',
  { orderId: string; reason?: string; cancelledBy: 'customer' | 'admin'; now: string }
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
