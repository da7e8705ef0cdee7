import { type Command } from '../shared/decider';

/** Sent when a product is created; without a threshold, `defaultLowStockThreshold` applies. */
export type InitialiseInventory = Command<
  'InitialiseInventory',
  { productId: string; sku: string; initialStock: number; lowStockThreshold?: number; now: string }
>;

export type ReceiveStock = Command<
  'ReceiveStock',
  { productId: string; quantity: number; now: string }
>;

export type AdjustStock = Command<
  'AdjustStock',
  { productId: string; delta: number; reason: string; now: string }
>;

export type SetLowStockThreshold = Command<
  'SetLowStockThreshold',
  { productId: string; threshold: number; now: string }
>;

/** Saga: hold `quantity` for one order line. */
export type ReserveStock = Command<
  'ReserveStock',
  { productId: string; orderId: string; quantity: number; now: string }
>;

/** Saga: give an order's held stock back (rejected, cancelled or expired order). */
export type ReleaseReservation = Command<
  'ReleaseReservation',
  { productId: string; orderId: string; reason: string; now: string }
>;

/** Saga: the order shipped, so its held stock leaves on-hand. */
export type ShipReservation = Command<
  'ShipReservation',
  { productId: string; orderId: string; now: string }
>;

export type InventoryCommand =
  | InitialiseInventory
  | ReceiveStock
  | AdjustStock
  | SetLowStockThreshold
  | ReserveStock
  | ReleaseReservation
  | ShipReservation;
