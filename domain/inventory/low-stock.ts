import { type InventoryEvent } from './events';
import { type InventoryState, evolve, isLow } from './state';

/**
 * Appends LowStockDetected when a command's events take available stock from above the threshold
 * to at or below it, by selling down or by raising the threshold. It fires once per crossing:
 * while stock stays low nothing repeats, and it re-arms when available rises above the threshold
 * again. Because it compares levels before and after, it needs no flag of its own in state.
 *
 * Initialising inventory never alerts: stock that starts low did not fall, and products created
 * without stock would otherwise mail the admin on every creation.
 */
export function withLowStockDetection(
  before: InventoryState,
  events: InventoryEvent[],
  now: string,
): InventoryEvent[] {
  if (before.status !== 'tracked' || events.length === 0) return events;
  const after = events.reduce(evolve, before);
  if (after.status !== 'tracked' || isLow(before) || !isLow(after)) return events;
  return [
    ...events,
    {
      type: 'LowStockDetected',
      data: {
        productId: after.productId,
        sku: after.sku,
        available: after.available,
        threshold: after.lowStockThreshold,
        detectedAt: now,
      },
    },
  ];
}
