import { assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { FieldErrors, checkInteger, checkText } from '../shared/validation';
import {
  type AdjustStock,
  type InitialiseInventory,
  type InventoryCommand,
  type ReceiveStock,
  type ReleaseReservation,
  type ReserveStock,
  type SetLowStockThreshold,
  type ShipReservation,
} from './commands';
import { type InventoryEvent } from './events';
import { withLowStockDetection } from './low-stock';
import { MAX_QUANTITY, REASON_MAX_LENGTH, defaultLowStockThreshold } from './policies';
import { type InventoryState, type TrackedInventory } from './state';

export function initialiseInventory(
  { data }: InitialiseInventory,
  state: InventoryState,
): InventoryEvent[] {
  if (state.status === 'tracked') {
    throw new IllegalStateError(`inventory for product ${state.productId} is already initialised`);
  }
  const { lowStockThreshold } = data;
  new FieldErrors()
    .add('sku', checkText(data.sku, { max: 64 }))
    .add('initialStock', checkInteger(data.initialStock, 0, MAX_QUANTITY))
    .add(
      'lowStockThreshold',
      lowStockThreshold === undefined
        ? undefined
        : checkInteger(lowStockThreshold, 0, MAX_QUANTITY),
    )
    .throwIfAny();
  return [
    {
      type: 'InventoryInitialised',
      data: {
        productId: data.productId,
        sku: data.sku.trim(),
        initialStock: data.initialStock,
        lowStockThreshold: lowStockThreshold ?? defaultLowStockThreshold(data.initialStock),
        initialisedAt: data.now,
      },
    },
  ];
}

export function receiveStock({ data }: ReceiveStock, state: InventoryState): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  new FieldErrors().add('quantity', checkInteger(data.quantity, 1, MAX_QUANTITY)).throwIfAny();
  requireWithinMax(inventory.onHand + data.quantity);
  return [
    {
      type: 'StockReceived',
      data: { productId: inventory.productId, quantity: data.quantity, receivedAt: data.now },
    },
  ];
}

export function adjustStock({ data }: AdjustStock, state: InventoryState): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  new FieldErrors()
    .add('delta', checkInteger(data.delta, -MAX_QUANTITY, MAX_QUANTITY))
    .add('reason', checkText(data.reason, { max: REASON_MAX_LENGTH }))
    .throwIfAny();
  if (data.delta === 0) throw ValidationError.field('delta', 'must not be zero');
  const onHand = inventory.onHand + data.delta;
  // Reserved units are promised to orders; a correction may not take them away (409).
  if (onHand < inventory.reserved) {
    throw new IllegalStateError(
      `adjusting by ${data.delta} would leave ${onHand} on hand, below the ${inventory.reserved} reserved`,
    );
  }
  requireWithinMax(onHand);
  return [
    {
      type: 'StockAdjusted',
      data: {
        productId: inventory.productId,
        delta: data.delta,
        reason: data.reason.trim(),
        adjustedAt: data.now,
      },
    },
  ];
}

export function setLowStockThreshold(
  { data }: SetLowStockThreshold,
  state: InventoryState,
): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  new FieldErrors().add('threshold', checkInteger(data.threshold, 0, MAX_QUANTITY)).throwIfAny();
  if (data.threshold === inventory.lowStockThreshold) return [];
  return [
    {
      type: 'LowStockThresholdChanged',
      data: {
        productId: inventory.productId,
        previousThreshold: inventory.lowStockThreshold,
        threshold: data.threshold,
        changedAt: data.now,
      },
    },
  ];
}

export function reserveStock({ data }: ReserveStock, state: InventoryState): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  new FieldErrors().add('quantity', checkInteger(data.quantity, 1, MAX_QUANTITY)).throwIfAny();
  const { productId } = inventory;
  const { orderId, quantity, now } = data;
  // Keyed by order: a redelivered saga command must not hold the stock twice.
  if (inventory.reservations.has(orderId)) return [];
  if (inventory.available < quantity) {
    return [
      {
        type: 'StockReservationFailed',
        data: {
          productId,
          orderId,
          requested: quantity,
          available: inventory.available,
          failedAt: now,
        },
      },
    ];
  }
  return [{ type: 'StockReserved', data: { productId, orderId, quantity, reservedAt: now } }];
}

export function releaseReservation(
  { data }: ReleaseReservation,
  state: InventoryState,
): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  new FieldErrors().add('reason', checkText(data.reason, { max: REASON_MAX_LENGTH })).throwIfAny();
  const quantity = inventory.reservations.get(data.orderId);
  // Nothing held (never reserved, or already released or shipped): nothing to give back.
  if (quantity === undefined) return [];
  return [
    {
      type: 'ReservationReleased',
      data: {
        productId: inventory.productId,
        orderId: data.orderId,
        quantity,
        reason: data.reason.trim(),
        releasedAt: data.now,
      },
    },
  ];
}

export function shipReservation(
  { data }: ShipReservation,
  state: InventoryState,
): InventoryEvent[] {
  const inventory = requireTracked(state, data.productId);
  const quantity = inventory.reservations.get(data.orderId);
  if (quantity === undefined) return [];
  return [
    {
      type: 'ReservedStockShipped',
      data: {
        productId: inventory.productId,
        orderId: data.orderId,
        quantity,
        shippedAt: data.now,
      },
    },
  ];
}

/** Every command, then the low-stock check over the levels its events leave behind. */
export function decide(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  return withLowStockDetection(state, decideCommand(command, state), command.data.now);
}

function decideCommand(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  switch (command.type) {
    case 'InitialiseInventory':
      return initialiseInventory(command, state);
    case 'ReceiveStock':
      return receiveStock(command, state);
    case 'AdjustStock':
      return adjustStock(command, state);
    case 'SetLowStockThreshold':
      return setLowStockThreshold(command, state);
    case 'ReserveStock':
      return reserveStock(command, state);
    case 'ReleaseReservation':
      return releaseReservation(command, state);
    case 'ShipReservation':
      return shipReservation(command, state);
    default:
      return assertNever(command);
  }
}

function requireTracked(state: InventoryState, productId: string): TrackedInventory {
  if (state.status !== 'tracked') {
    throw new NotFoundError(`inventory for product ${productId} not found`);
  }
  return state;
}

function requireWithinMax(onHand: number): void {
  if (onHand > MAX_QUANTITY) {
    throw new IllegalStateError(`on-hand stock may not exceed ${MAX_QUANTITY}`);
  }
}
