import {
  type InventoryEvent,
  type TrackedInventory,
  evolve,
  initialState,
  isLow,
} from '../../domain/inventory';
import { assertNever } from '../../domain/shared/decider';
import { type ApplyContext, type ProjectedEvent } from '../runtime/projection';
import { isoTime as iso, laterTime } from '../shared/iso-time';
import { type InventoryRow, type InventoryTable } from './tables';

/**
 * The inventory events that change a level or the threshold. A failed reservation and the
 * low-stock alert itself change neither. No product events: InventoryInitialised carries the SKU
 * (SKUs never change), so this model needs nothing beyond its own stream.
 */
export const inventoryEventTypes = [
  'InventoryInitialised',
  'StockReceived',
  'StockAdjusted',
  'LowStockThresholdChanged',
  'StockReserved',
  'ReservationReleased',
  'ReservedStockShipped',
] as const satisfies readonly InventoryEvent['type'][];

type LevelEvent = Extract<InventoryEvent, { type: (typeof inventoryEventTypes)[number] }>;

/**
 * Applies a batch with one select and one upsert. The levels are folded with the domain's own
 * `evolve` and `isLow`, so "available" and "low stock" mean here exactly what the inventory
 * decider and its low-stock alert mean: low is available <= threshold.
 */
export async function applyInventoryEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<InventoryTable>,
): Promise<void> {
  const levelEvents = events
    .map(({ event }) => event)
    .filter((event): event is LevelEvent => isLevelEvent(event));
  if (levelEvents.length === 0) return;

  const items = context.rows<InventoryRow>('inventory_items', ['product_id']);
  await items.load(levelEvents.map((event) => [event.data.productId]));
  for (const event of levelEvents) {
    const stored = items.get(event.data.productId);
    // A level event before InventoryInitialised has no record to change: the domain ignores it too.
    const state = evolve(stored ? toState(stored) : initialState(), event);
    if (state.status === 'tracked') items.set(toRow(state, eventTime(event), stored));
  }
  await items.flush();
}

/**
 * The domain state a row stands for. Open reservations are not kept per order: releasing or
 * shipping one subtracts the quantity its event carries, so the levels need only the totals.
 */
function toState(row: InventoryRow): TrackedInventory {
  return {
    status: 'tracked',
    productId: row.product_id,
    sku: row.sku,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.available,
    lowStockThreshold: row.low_stock_threshold,
    reservations: new Map(),
  };
}

function toRow(state: TrackedInventory, at: string, previous?: InventoryRow): InventoryRow {
  const updatedAt = iso(at);
  return {
    product_id: state.productId,
    sku: state.sku,
    on_hand: state.onHand,
    reserved: state.reserved,
    available: state.available,
    low_stock_threshold: state.lowStockThreshold,
    low_stock: isLow(state),
    // Never moves back, should events of one stream carry times out of order.
    updated_at: previous ? laterTime(iso(previous.updated_at), updatedAt) : updatedAt,
  };
}

function eventTime(event: LevelEvent): string {
  switch (event.type) {
    case 'InventoryInitialised':
      return event.data.initialisedAt;
    case 'StockReceived':
      return event.data.receivedAt;
    case 'StockAdjusted':
      return event.data.adjustedAt;
    case 'LowStockThresholdChanged':
      return event.data.changedAt;
    case 'StockReserved':
      return event.data.reservedAt;
    case 'ReservationReleased':
      return event.data.releasedAt;
    case 'ReservedStockShipped':
      return event.data.shippedAt;
    default:
      return assertNever(event);
  }
}

function isLevelEvent(event: ProjectedEvent['event']): event is LevelEvent {
  return (inventoryEventTypes as readonly string[]).includes(event.type);
}
