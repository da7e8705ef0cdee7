import { type InventoryEvent } from '../../domain/inventory';
import { type OrderEvent, type OrderLine } from '../../domain/order';
import { inputOf, specForManager } from '../runtime/manager-specification';
import { type ManagerOutput, run } from '../runtime/process-manager';
import { createReservationSaga } from './saga';

const saga = createReservationSaga({ reservationTtlSeconds: 900 });
const given = specForManager(saga);
const orderId = 'o-1';
const customerId = 'u-1';
const at = '2025-05-01T10:00:00.000Z';
const line = (productId: string, quantity: number, name = `Product ${productId}`): OrderLine => ({
  productId,
  sku: `SKU-${productId}`,
  name,
  unitPriceCents: 100,
  quantity,
  lineTotalCents: 100 * quantity,
});
const lines = [line('p1', 2, 'Mug'), line('p2', 1, 'Tea')];

const placed = inputOf<OrderEvent>({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    lines,
    totalCents: 300,
    shippingAddress: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    placedAt: at,
  },
});
const granted = (productId: string, quantity: number) =>
  inputOf<InventoryEvent>({
    type: 'StockReserved',
    data: { productId, orderId, quantity, reservedAt: at },
  });
const refused = (productId: string, requested: number, available: number) =>
  inputOf<InventoryEvent>({
    type: 'StockReservationFailed',
    data: { productId, orderId, requested, available, failedAt: at },
  });
const orderEvent = (event: OrderEvent) => inputOf<OrderEvent>(event);
const confirmed = orderEvent({
  type: 'OrderConfirmed',
  data: { orderId, customerId, reservationExpiresAt: '2025-05-01T10:15:00.000Z', confirmedAt: at },
});
const paid = orderEvent({
  type: 'OrderPaid',
  data: { orderId, customerId, paymentReference: 'pay-1', lines, totalCents: 300, paidAt: at },
});
const cancelled = orderEvent({
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    previousStatus: 'paid',
    cancelledBy: 'customer',
    lines,
    totalCents: 300,
    cancelledAt: at,
  },
});
const expired = orderEvent({
  type: 'OrderExpired',
  data: { orderId, customerId, reservationExpiresAt: at, lines, expiredAt: at },
});
const shipped = orderEvent({
  type: 'OrderShipped',
  data: { orderId, customerId, lines, shippedAt: at },
});
const rejected = orderEvent({
  type: 'OrderRejected',
  data: { orderId, customerId, reason: 'x', shortLines: [], lines, rejectedAt: at },
});

const reserve = (productId: string, quantity: number): ManagerOutput =>
  run(`reserve:${productId}`, {
    command: {
      aggregate: 'inventory',
      command: { type: 'ReserveStock', data: { productId, orderId, quantity, now: at } },
    },
  });
const release = (productId: string, reason: string): ManagerOutput =>
  run(`release:${productId}`, {
    command: {
      aggregate: 'inventory',
      command: { type: 'ReleaseReservation', data: { productId, orderId, reason, now: at } },
    },
  });
const confirm: ManagerOutput = run('confirm', {
  command: {
    aggregate: 'order',
    command: {
      type: 'ConfirmOrder',
      data: { orderId, reservationTtlSeconds: 900, now: at },
    },
  },
});

describe('order-reservation saga', () => {
  it('belongs to the order named in order and reservation events, and ignores the rest', () => {
    expect(saga.instanceOf(placed)).toBe(orderId);
    expect(saga.instanceOf(granted('p1', 2))).toBe(orderId);
    const received = inputOf<InventoryEvent>({
      type: 'StockReceived',
      data: { productId: 'p1', quantity: 5, receivedAt: at },
    });
    expect(saga.instanceOf(received)).toBeNull();
  });

  describe('when the order is placed', () => {
    it('reserves every line on its product', () => {
      given([])
        .when(placed)
        .then([reserve('p1', 2), reserve('p2', 1)]);
    });

    it('ignores a second OrderPlaced', () => {
      given([placed]).when(placed).thenNothingHappens();
    });
  });

  describe('when reserving', () => {
    it('waits until every line has an answer', () => {
      given([placed]).when(granted('p1', 2)).thenNothingHappens();
      given([placed])
        .when(refused('p1', 2, 1))
        .thenNothingHappens();
    });

    it('confirms when the last line is granted, holding the stock for the TTL', () => {
      given([placed, granted('p1', 2)])
        .when(granted('p2', 1))
        .then([confirm]);
    });

    it('releases what was reserved, then rejects naming every short product', () => {
      given([placed, refused('p1', 2, 1)])
        .when(granted('p2', 1))
        .then([
          release('p2', 'order rejected: another line was short'),
          run('reject', {
            command: {
              aggregate: 'order',
              command: {
                type: 'RejectOrder',
                data: {
                  orderId,
                  reason: 'Not enough stock for Mug (SKU-p1): 2 requested, 1 available',
                  shortLines: [{ productId: 'p1', requested: 2, available: 1 }],
                  now: at,
                },
              },
            },
          }),
        ]);
    });

    it('rejects without releases when no line was granted', () => {
      const outputs = given([placed, refused('p1', 2, 0)])
        .when(refused('p2', 1, 0))
        .outputs();
      expect(outputs.map((output) => output.line)).toEqual(['reject']);
      expect(JSON.stringify(outputs)).toContain('Mug (SKU-p1): 2 requested, 0 available; Tea');
    });

    it('keeps a long reason within the 500 characters the order accepts', () => {
      const many = Array.from({ length: 50 }, (_, i) => line(`p${i}`, 1, 'x'.repeat(40)));
      const bigOrder = inputOf<OrderEvent>({
        ...placed.event,
        data: { ...(placed.event.data as object), lines: many },
      } as OrderEvent);
      const answers = many.map((l) => refused(l.productId, 1, 0));
      const outputs = given([bigOrder, ...answers.slice(0, -1)])
        .when(answers.at(-1)!)
        .outputs();
      const reason = JSON.stringify(outputs).match(/"reason":"([^"]*)"/)![1];
      expect(reason.length).toBeLessThanOrEqual(500);
      expect(reason).toMatch(/; and \d+ more$/);
    });
  });

  describe('when answers arrive before the order (topics interleave)', () => {
    it('keeps them, asks only for the lines still open, and settles once all are in', () => {
      given([granted('p1', 2)])
        .when(placed)
        .then([reserve('p2', 1)]);
      given([granted('p1', 2), granted('p2', 1)])
        .when(placed)
        .then([confirm]);
    });
  });

  describe('when the order no longer wants stock', () => {
    it('releases a grant that lands after the rejection (SAGA.md 4)', () => {
      given([placed, refused('p1', 2, 0), refused('p2', 1, 0), rejected])
        .when(granted('p2', 1))
        .then([release('p2', 'the order no longer needs it')]);
    });

    it('releases a grant that lands after a cancellation or expiry', () => {
      given([placed, granted('p1', 2), granted('p2', 1), confirmed, expired])
        .when(granted('p1', 2))
        .then([release('p1', 'the order no longer needs it')]);
    });

    it('releases every line when cancelled or expired', () => {
      const history = [placed, granted('p1', 2), granted('p2', 1), confirmed];
      given(history)
        .when(cancelled)
        .then([release('p1', 'order cancelled'), release('p2', 'order cancelled')]);
      given(history)
        .when(expired)
        .then([release('p1', 'order expired'), release('p2', 'order expired')]);
    });

    it('releases on a rejection it did not send itself, but not twice after its own', () => {
      expect(
        given([])
          .when(rejected)
          .outputs()
          .map((o) => o.line),
      ).toEqual(['release:p1', 'release:p2']);
      given([placed, refused('p1', 2, 0), refused('p2', 1, 0)])
        .when(rejected)
        .thenNothingHappens();
    });
  });

  describe('when confirmed', () => {
    const history = [placed, granted('p1', 2), granted('p2', 1), confirmed];

    it('does nothing on payment (the expiry manager cancels its deadline)', () => {
      given(history).when(paid).thenNothingHappens();
    });

    it('ignores a repeated grant', () => {
      given(history).when(granted('p1', 2)).thenNothingHappens();
    });

    it('turns each reservation into stock leaving on-hand when shipped', () => {
      given([...history, paid])
        .when(shipped)
        .then(
          ['p1', 'p2'].map((productId) =>
            run(`ship:${productId}`, {
              command: {
                aggregate: 'inventory',
                command: { type: 'ShipReservation', data: { productId, orderId, now: at } },
              },
            }),
          ),
        );
    });

    it('ends shipped, with nothing more to do', () => {
      expect(given([...history, paid, shipped]).state().status).toBe('shipped');
    });
  });
});
