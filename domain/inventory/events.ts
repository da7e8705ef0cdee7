import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

export type InventoryInitialised = Event<
  'InventoryInitialised',
  {
    productId: string;
    sku: string;
    initialStock: number;
    lowStockThreshold: number;
    initialisedAt: string;
  }
>;

export type StockReceived = Event<
  'StockReceived',
  { productId: string; quantity: number; receivedAt: string }
>;

/** A manual correction (count, breakage, theft); `delta` is signed. */
export type StockAdjusted = Event<
  'StockAdjusted',
  { productId: string; delta: number; reason: string; adjustedAt: string }
>;

export type LowStockThresholdChanged = Event<
  'LowStockThresholdChanged',
  { productId: string; previousThreshold: number; threshold: number; changedAt: string }
>;

export type StockReserved = Event<
  'StockReserved',
  { productId: string; orderId: string; quantity: number; reservedAt: string }
>;

/** Not an error: the order saga reacts to it by rejecting the order. */
export type StockReservationFailed = Event<
  'StockReservationFailed',
  { productId: string; orderId: string; requested: number; available: number; failedAt: string }
>;

export type ReservationReleased = Event<
  'ReservationReleased',
  { productId: string; orderId: string; quantity: number; reason: string; releasedAt: string }
>;

/** The reserved units leave the warehouse: on-hand and reserved both drop by `quantity`. */
export type ReservedStockShipped = Event<
  'ReservedStockShipped',
  { productId: string; orderId: string; quantity: number; shippedAt: string }
>;

/** Appended once when available stock falls to or below the threshold (see decide.ts). */
export type LowStockDetected = Event<
  'LowStockDetected',
  { productId: string; sku: string; available: number; threshold: number; detectedAt: string }
>;

export type InventoryEvent =
  | InventoryInitialised
  | StockReceived
  | StockAdjusted
  | LowStockThresholdChanged
  | StockReserved
  | StockReservationFailed
  | ReservationReleased
  | ReservedStockShipped
  | LowStockDetected;

export const inventoryEventSchemas: EventSchemas<InventoryEvent['type']> = {
  InventoryInitialised: { version: 1 },
  StockReceived: { version: 1 },
  StockAdjusted: { version: 1 },
  LowStockThresholdChanged: { version: 1 },
  StockReserved: { version: 1 },
  StockReservationFailed: { version: 1 },
  ReservationReleased: { version: 1 },
  ReservedStockShipped: { version: 1 },
  LowStockDetected: { version: 1 },
};
