import fc from 'fast-check';
import { DomainError } from '../shared/errors';
import {
  type InventoryCommand,
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  isLow,
} from './index';

const productId = 'p-1';
const now = '2025-04-01T09:00:00.000Z';
const orderId = fc.constantFrom('o-1', 'o-2', 'o-3', 'o-4', 'o-5');
// Includes zero, negatives and fractions so that validation is exercised too.
const quantity = fc.oneof(fc.integer({ min: -2, max: 15 }), fc.constant(2.5));

const command: fc.Arbitrary<InventoryCommand> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: -1, max: 30 }),
      fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    )
    .map(([initialStock, lowStockThreshold]) => ({
      type: 'InitialiseInventory' as const,
      data: { productId, sku: 'SKU-1', initialStock, lowStockThreshold, now },
    })),
  quantity.map((q) => ({ type: 'ReceiveStock' as const, data: { productId, quantity: q, now } })),
  fc.integer({ min: -50, max: 30 }).map((delta) => ({
    type: 'AdjustStock' as const,
    data: { productId, delta, reason: 'count', now },
  })),
  fc.integer({ min: -1, max: 30 }).map((threshold) => ({
    type: 'SetLowStockThreshold' as const,
    data: { productId, threshold, now },
  })),
  {
    weight: 3,
    arbitrary: fc.tuple(orderId, quantity).map(([id, q]) => ({
      type: 'ReserveStock' as const,
      data: { productId, orderId: id, quantity: q, now },
    })),
  },
  orderId.map((id) => ({
    type: 'ReleaseReservation' as const,
    data: { productId, orderId: id, reason: 'order-cancelled', now },
  })),
  orderId.map((id) => ({
    type: 'ShipReservation' as const,
    data: { productId, orderId: id, now },
  })),
);

/** Runs the commands as the write side would; a DomainError is a rejected command, anything else a bug. */
function run(
  commands: InventoryCommand[],
  check: (before: InventoryState, events: InventoryEvent[], after: InventoryState) => void,
): void {
  let state = inventoryDecider.initialState();
  for (const c of commands) {
    let events: InventoryEvent[];
    try {
      events = inventoryDecider.decide(c, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    const after = events.reduce(inventoryDecider.evolve, state);
    check(state, events, after);
    state = after;
  }
}

const commands = fc.array(command, { maxLength: 80 });

describe('Inventory invariants under any command sequence', () => {
  it('never oversells: 0 <= reserved <= onHand, available = onHand - reserved = sum of open holds', () => {
    fc.assert(
      fc.property(commands, (cs) =>
        run(cs, (_before, _events, after) => {
          if (after.status !== 'tracked') return;
          const held = [...after.reservations.values()].reduce((sum, q) => sum + q, 0);
          expect(after.reserved).toBeLessThanOrEqual(after.onHand);
          expect(after.reserved).toBeGreaterThanOrEqual(0);
          expect(after.available).toBeGreaterThanOrEqual(0);
          expect(after.available).toBe(after.onHand - after.reserved);
          expect(after.reserved).toBe(held);
          expect([...after.reservations.values()].every((q) => Number.isInteger(q) && q > 0)).toBe(
            true,
          );
        }),
      ),
      { numRuns: 1000 },
    );
  });

  it('alerts low stock exactly when available crosses down to the threshold, once, last', () => {
    fc.assert(
      fc.property(commands, (cs) =>
        run(cs, (before, events, after) => {
          const alerts = events.filter((e) => e.type === 'LowStockDetected');
          const crossed =
            before.status === 'tracked' &&
            after.status === 'tracked' &&
            !isLow(before) &&
            isLow(after);
          expect(alerts).toHaveLength(crossed ? 1 : 0);
          if (crossed) expect(events[events.length - 1]?.type).toBe('LowStockDetected');
        }),
      ),
      { numRuns: 1000 },
    );
  });
});
