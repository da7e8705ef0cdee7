import { type InventoryCommand, type InventoryEvent, inventoryDecider } from './index';

/** Shared by the inventory specs (not a suite itself). */
export const productId = 'p-1';
export const sku = 'MUG-1';
export const now = '2025-04-01T09:00:00.000Z';

export const initialised = (initialStock: number, lowStockThreshold: number): InventoryEvent => ({
  type: 'InventoryInitialised',
  data: { productId, sku, initialStock, lowStockThreshold, initialisedAt: now },
});
export const reserved = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReserved',
  data: { productId, orderId, quantity, reservedAt: now },
});
export const lowStock = (available: number, threshold: number): InventoryEvent => ({
  type: 'LowStockDetected',
  data: { productId, sku, available, threshold, detectedAt: now },
});
export const reserve = (orderId: string, quantity: number): InventoryCommand => ({
  type: 'ReserveStock',
  data: { productId, orderId, quantity, now },
});
export const release = (orderId: string): InventoryCommand => ({
  type: 'ReleaseReservation',
  data: { productId, orderId, reason: 'order-cancelled', now },
});
export const ship = (orderId: string): InventoryCommand => ({
  type: 'ShipReservation',
  data: { productId, orderId, now },
});
export const adjust = (delta: number, reason = 'stock count'): InventoryCommand => ({
  type: 'AdjustStock',
  data: { productId, delta, reason, now },
});

export function fold(events: InventoryEvent[]) {
  return events.reduce(inventoryDecider.evolve, inventoryDecider.initialState());
}
