import { assertNever } from '../shared/decider';
import { type InventoryEvent } from './events';

export type UninitialisedInventory = { status: 'uninitialised' };

/** Invariant: 0 <= reserved <= onHand, available = onHand - reserved, reserved = sum of reservations. */
export type TrackedInventory = {
  status: 'tracked';
  productId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  /** Open reservations: quantity held per orderId. */
  reservations: ReadonlyMap<string, number>;
};

export type InventoryState = UninitialisedInventory | TrackedInventory;

export const initialState = (): InventoryState => ({ status: 'uninitialised' });

/** Low means at or below the threshold, as the SPEC's low-stock mail says. */
export const isLow = (inventory: TrackedInventory): boolean =>
  inventory.available <= inventory.lowStockThreshold;

export function evolve(state: InventoryState, event: InventoryEvent): InventoryState {
  if (event.type === 'InventoryInitialised') {
    const { productId, sku, initialStock, lowStockThreshold } = event.data;
    return {
      status: 'tracked',
      productId,
      sku,
      onHand: initialStock,
      reserved: 0,
      available: initialStock,
      lowStockThreshold,
      reservations: new Map(),
    };
  }
  if (state.status !== 'tracked') return state;

  switch (event.type) {
    case 'StockReceived':
      return withLevels(state, state.onHand + event.data.quantity, state.reserved);
    case 'StockAdjusted':
      return withLevels(state, state.onHand + event.data.delta, state.reserved);
    case 'LowStockThresholdChanged':
      return { ...state, lowStockThreshold: event.data.threshold };
    case 'StockReserved': {
      const { orderId, quantity } = event.data;
      const reservations = new Map(state.reservations).set(orderId, quantity);
      return { ...withLevels(state, state.onHand, state.reserved + quantity), reservations };
    }
    case 'ReservationReleased': {
      const { orderId, quantity } = event.data;
      const reservations = new Map(state.reservations);
      reservations.delete(orderId);
      return { ...withLevels(state, state.onHand, state.reserved - quantity), reservations };
    }
    case 'ReservedStockShipped': {
      const { orderId, quantity } = event.data;
      const reservations = new Map(state.reservations);
      reservations.delete(orderId);
      return {
        ...withLevels(state, state.onHand - quantity, state.reserved - quantity),
        reservations,
      };
    }
    // Facts for others (the saga, the alert mail); they change no level.
    case 'StockReservationFailed':
    case 'LowStockDetected':
      return state;
    default:
      return assertNever(event);
  }
}

function withLevels(state: TrackedInventory, onHand: number, reserved: number): TrackedInventory {
  return { ...state, onHand, reserved, available: onHand - reserved };
}
