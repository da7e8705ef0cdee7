import { specFor } from '../shared/decider-specification';
import { adjust, initialised, lowStock, now, productId, reserve, reserved } from './fixtures.spec';
import { type InventoryEvent, inventoryDecider } from './index';

const given = specFor(inventoryDecider);

describe('Inventory low-stock detection', () => {
  describe('when above the low-stock threshold', () => {
    const history = [initialised(10, 5)];

    it('stays silent while available stays above it', () => {
      given(history)
        .when(reserve('o-1', 4))
        .then([reserved('o-1', 4)]);
    });

    it('detects low stock when a reservation takes available to the threshold', () => {
      given(history)
        .when(reserve('o-1', 5))
        .then([reserved('o-1', 5), lowStock(5, 5)]);
    });

    it('detects low stock when an adjustment takes available below it', () => {
      given(history)
        .when(adjust(-8))
        .then([
          {
            type: 'StockAdjusted',
            data: { productId, delta: -8, reason: 'stock count', adjustedAt: now },
          },
          lowStock(2, 5),
        ]);
    });

    it('detects low stock when the threshold is raised to meet available', () => {
      given(history)
        .when({ type: 'SetLowStockThreshold', data: { productId, threshold: 10, now } })
        .then([
          {
            type: 'LowStockThresholdChanged',
            data: { productId, previousThreshold: 5, threshold: 10, changedAt: now },
          },
          lowStock(10, 10),
        ]);
    });

    it('stays silent when a reservation fails', () => {
      given(history)
        .when(reserve('o-1', 11))
        .then([
          {
            type: 'StockReservationFailed',
            data: { productId, orderId: 'o-1', requested: 11, available: 10, failedAt: now },
          },
        ]);
    });
  });

  describe('when already low', () => {
    const history = [initialised(10, 5), reserved('o-1', 6), lowStock(4, 5)];

    it('does not repeat the alert as stock falls further', () => {
      given(history)
        .when(reserve('o-2', 3))
        .then([reserved('o-2', 3)]);
    });

    it('re-arms once available rises above the threshold, then alerts again', () => {
      const received: InventoryEvent = {
        type: 'StockReceived',
        data: { productId, quantity: 2, receivedAt: now },
      };
      given([...history, received])
        .when(reserve('o-2', 1))
        .then([reserved('o-2', 1), lowStock(5, 5)]);
    });

    it('re-arms when the threshold is lowered below available', () => {
      const lowered: InventoryEvent = {
        type: 'LowStockThresholdChanged',
        data: { productId, previousThreshold: 5, threshold: 3, changedAt: now },
      };
      given([...history, lowered])
        .when(reserve('o-2', 1))
        .then([reserved('o-2', 1), lowStock(3, 3)]);
    });
  });
});
