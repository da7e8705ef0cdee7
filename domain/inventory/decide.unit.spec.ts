import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import {
  adjust,
  fold,
  initialised,
  lowStock,
  now,
  productId,
  release,
  reserve,
  reserved,
  ship,
  sku,
} from './fixtures.spec';
import { defaultLowStockThreshold, inventoryDecider, streamName } from './index';

const given = specFor(inventoryDecider);

describe('Inventory', () => {
  it('lives in the stream inventory-{productId}', () => {
    expect(streamName('p-1')).toBe('inventory-p-1');
  });

  it.each([
    [0, 5],
    [49, 5],
    [50, 5],
    [51, 6],
    [100, 10],
    [1234, 124],
  ])('defaults the threshold for %i units to %i (10%, at least 5)', (initial, threshold) => {
    expect(defaultLowStockThreshold(initial)).toBe(threshold);
  });

  describe('when uninitialised', () => {
    it('initialises with the default threshold, without a low-stock alert', () => {
      given([])
        .when({ type: 'InitialiseInventory', data: { productId, sku, initialStock: 3, now } })
        .then([initialised(3, 5)]);
    });

    it('initialises with an explicit threshold', () => {
      given([])
        .when({
          type: 'InitialiseInventory',
          data: { productId, sku, initialStock: 100, lowStockThreshold: 0, now },
        })
        .then([initialised(100, 0)]);
    });

    it('rejects a negative or fractional initial stock', () => {
      const error = given([])
        .when({
          type: 'InitialiseInventory',
          data: { productId, sku, initialStock: -1, lowStockThreshold: 1.5, now },
        })
        .thenThrows(ValidationError);
      expect(error.errors.map((e) => e.field)).toEqual(['initialStock', 'lowStockThreshold']);
    });

    it('answers a reservation with NotFoundError', () => {
      given([])
        .when(reserve('o-1', 1))
        .thenThrows(NotFoundError, 'inventory for product p-1 not found');
    });
  });

  describe('when tracked', () => {
    it('cannot be initialised twice', () => {
      given([initialised(10, 5)])
        .when({ type: 'InitialiseInventory', data: { productId, sku, initialStock: 1, now } })
        .thenThrows(IllegalStateError);
    });

    it('receives stock', () => {
      given([initialised(10, 5)])
        .when({ type: 'ReceiveStock', data: { productId, quantity: 7, now } })
        .then([{ type: 'StockReceived', data: { productId, quantity: 7, receivedAt: now } }]);
    });

    it.each([0, -3, 2.5])('refuses to receive %p units', (quantity) => {
      const error = given([initialised(10, 5)])
        .when({ type: 'ReceiveStock', data: { productId, quantity, now } })
        .thenThrows(ValidationError);
      expect(error.errors.map((e) => e.field)).toEqual(['quantity']);
    });

    it('refuses to grow on-hand beyond the maximum', () => {
      given([initialised(1_000_000_000, 5)])
        .when({ type: 'ReceiveStock', data: { productId, quantity: 1, now } })
        .thenThrows(IllegalStateError, 'on-hand stock may not exceed 1000000000');
    });

    it('adjusts stock with a trimmed reason', () => {
      given([initialised(10, 5)])
        .when(adjust(-2, ' broken '))
        .then([
          {
            type: 'StockAdjusted',
            data: { productId, delta: -2, reason: 'broken', adjustedAt: now },
          },
        ]);
    });

    it('refuses a zero adjustment and an empty reason', () => {
      given([initialised(10, 5)])
        .when(adjust(0))
        .thenThrows(ValidationError, 'delta: must not be zero');
      given([initialised(10, 5)])
        .when(adjust(1, ' '))
        .thenThrows(ValidationError, 'reason: must not be empty');
    });

    it('refuses an adjustment that would take on-hand below zero', () => {
      given([initialised(10, 5)])
        .when(adjust(-11))
        .thenThrows(
          IllegalStateError,
          'adjusting by -11 would leave -1 on hand, below the 0 reserved',
        );
    });

    it('changes the threshold, recording nothing when it is unchanged', () => {
      given([initialised(100, 10)])
        .when({ type: 'SetLowStockThreshold', data: { productId, threshold: 20, now } })
        .then([
          {
            type: 'LowStockThresholdChanged',
            data: { productId, previousThreshold: 10, threshold: 20, changedAt: now },
          },
        ]);
      given([initialised(100, 10)])
        .when({ type: 'SetLowStockThreshold', data: { productId, threshold: 10, now } })
        .thenNothingHappens();
    });

    it('reserves what is available', () => {
      given([initialised(10, 2)])
        .when(reserve('o-1', 7))
        .then([reserved('o-1', 7)]);
    });

    it('records a failed reservation as an event, with what was available', () => {
      given([initialised(10, 2), reserved('o-1', 4)])
        .when(reserve('o-2', 7))
        .then([
          {
            type: 'StockReservationFailed',
            data: { productId, orderId: 'o-2', requested: 7, available: 6, failedAt: now },
          },
        ]);
    });

    it('treats release and ship of an unknown reservation as no-ops', () => {
      given([initialised(10, 2)])
        .when(release('o-9'))
        .thenNothingHappens();
      given([initialised(10, 2)])
        .when(ship('o-9'))
        .thenNothingHappens();
    });
  });

  describe('when tracked with a reservation', () => {
    const history = [initialised(10, 2), reserved('o-1', 4)];

    it('does not reserve twice for the same order', () => {
      given(history).when(reserve('o-1', 4)).thenNothingHappens();
      given(history).when(reserve('o-1', 1)).thenNothingHappens();
    });

    it('releases the reserved quantity', () => {
      given(history)
        .when(release('o-1'))
        .then([
          {
            type: 'ReservationReleased',
            data: {
              productId,
              orderId: 'o-1',
              quantity: 4,
              reason: 'order-cancelled',
              releasedAt: now,
            },
          },
        ]);
    });

    it('ships the reserved quantity', () => {
      given(history)
        .when(ship('o-1'))
        .then([
          {
            type: 'ReservedStockShipped',
            data: { productId, orderId: 'o-1', quantity: 4, shippedAt: now },
          },
        ]);
    });

    it('refuses an adjustment that would take on-hand below reserved (409)', () => {
      given(history)
        .when(adjust(-7))
        .thenThrows(
          IllegalStateError,
          'adjusting by -7 would leave 3 on hand, below the 4 reserved',
        );
      given(history)
        .when(adjust(-6))
        .then([
          {
            type: 'StockAdjusted',
            data: { productId, delta: -6, reason: 'stock count', adjustedAt: now },
          },
          lowStock(0, 2),
        ]);
    });

    it('tracks levels: shipping lowers on-hand and reserved, releasing frees stock', () => {
      expect(fold(history)).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
      const shipped = inventoryDecider.decide(ship('o-1'), fold(history));
      expect(fold([...history, ...shipped])).toMatchObject({
        onHand: 6,
        reserved: 0,
        available: 6,
      });
      const released = inventoryDecider.decide(release('o-1'), fold(history));
      expect(fold([...history, ...released])).toMatchObject({
        onHand: 10,
        reserved: 0,
        available: 10,
      });
    });

    it('does not release or ship twice', () => {
      const releasedOnce = inventoryDecider.decide(release('o-1'), fold(history));
      given([...history, ...releasedOnce])
        .when(release('o-1'))
        .thenNothingHappens();
      given([...history, ...releasedOnce])
        .when(ship('o-1'))
        .thenNothingHappens();
    });
  });
});
