import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import {
  admin,
  cancel,
  cancelledAfter,
  confirm,
  confirmed,
  customerId,
  deliver,
  delivered,
  expire,
  expired,
  lines,
  now,
  orderId,
  owner,
  paid,
  pay,
  placeOrder,
  placed,
  reject,
  rejected,
  reservationExpiresAt,
  ship,
  shipped,
} from './fixtures.spec';
import { type OrderCommand, orderDecider, streamName } from './index';

const given = specFor(orderDecider);

describe('Order', () => {
  it('lives in the stream order-{orderId}', () => {
    expect(streamName('o-1')).toBe('order-o-1');
  });

  describe('when absent', () => {
    it('is placed with snapshotted lines, line totals and the order total', () => {
      given([]).when(placeOrder()).then([placed]);
    });

    it.each([confirm(), reject(), pay(), cancel(), expire(), ship(), deliver()])(
      'answers $type with NotFoundError',
      (command) => {
        given([]).when(command).thenThrows(NotFoundError, 'order not found');
      },
    );
  });

  describe('when pending', () => {
    it('cannot be placed again', () => {
      given([placed]).when(placeOrder()).thenThrows(IllegalStateError, 'order o-1 already exists');
    });

    it('is confirmed by the saga, reserved for the TTL from the confirmation', () => {
      given([placed]).when(confirm()).then([confirmed]);
    });

    it('needs a whole, positive TTL of at most 30 days to be confirmed', () => {
      for (const reservationTtlSeconds of [0, 1.5, 30 * 24 * 3600 + 1]) {
        given([placed])
          .when({ type: 'ConfirmOrder', data: { orderId, reservationTtlSeconds, now } })
          .thenThrows(ValidationError, /^reservationTtlSeconds: /);
      }
    });

    it('is rejected by the saga, naming the short lines and carrying every line to release', () => {
      given([placed]).when(reject()).then([rejected]);
    });

    it('cannot be paid yet', () => {
      given([placed]).when(pay()).thenThrows(IllegalStateError, 'order is pending, not confirmed');
    });

    it('cannot be cancelled before the saga decides (SPEC: no other transition)', () => {
      given([placed])
        .when(cancel())
        .thenThrows(IllegalStateError, 'order is pending, not confirmed or paid');
    });

    it('cannot expire, ship or be delivered', () => {
      given([placed])
        .when(expire())
        .thenThrows(IllegalStateError, 'order is pending, not confirmed');
      given([placed]).when(ship()).thenThrows(IllegalStateError, 'order is pending, not paid');
      given([placed])
        .when(deliver())
        .thenThrows(IllegalStateError, 'order is pending, not shipped');
    });
  });

  describe('when confirmed', () => {
    const history = [placed, confirmed];

    it('ignores a repeated confirmation', () => {
      given(history).when(confirm()).thenNothingHappens();
    });

    it('cannot be rejected any more', () => {
      given(history)
        .when(reject())
        .thenThrows(IllegalStateError, 'order is confirmed, not pending');
    });

    it('is paid, carrying lines and total for revenue', () => {
      given(history).when(pay()).then([paid]);
    });

    it('needs a payment reference', () => {
      given(history)
        .when({ type: 'PayOrder', data: { orderId, paymentReference: ' ', actor: owner, now } })
        .thenThrows(ValidationError, 'paymentReference: must not be empty');
    });

    it('is cancelled by the customer or an admin, recording the previous status', () => {
      given(history)
        .when(cancel())
        .then([cancelledAfter('confirmed')]);
      given(history)
        .when({
          type: 'CancelOrder',
          data: { orderId, actor: admin, reason: ' out of stock ', now },
        })
        .then([cancelledAfter('confirmed', { cancelledBy: 'admin', reason: 'out of stock' })]);
    });

    it('expires once its reservation deadline has passed', () => {
      given(history).when(expire()).then([expired]);
      given(history)
        .when(expire('2025-05-01T11:00:00.000Z'))
        .then([
          {
            type: 'OrderExpired',
            data: {
              orderId,
              customerId,
              reservationExpiresAt,
              lines,
              expiredAt: '2025-05-01T11:00:00.000Z',
            },
          },
        ]);
    });

    it('does not expire before its reservation deadline', () => {
      given(history)
        .when(expire('2025-05-01T10:19:59.999Z'))
        .thenThrows(IllegalStateError, `order o-1 is reserved until ${reservationExpiresAt}`);
    });

    it('cannot ship before payment', () => {
      given(history).when(ship()).thenThrows(IllegalStateError, 'order is confirmed, not paid');
    });
  });

  describe('when paid', () => {
    const history = [placed, confirmed, paid];

    it('cannot be paid twice', () => {
      given(history).when(pay()).thenThrows(IllegalStateError, 'order is paid, not confirmed');
    });

    it('ignores a late, redelivered confirmation', () => {
      given(history).when(confirm()).thenNothingHappens();
    });

    it('no longer expires', () => {
      given(history).when(expire()).thenThrows(IllegalStateError, 'order is paid, not confirmed');
    });

    it('is cancelled with previousStatus paid, so revenue is subtracted', () => {
      given(history)
        .when(cancel())
        .then([cancelledAfter('paid')]);
    });

    it('ships with its lines, so the saga can take the reserved stock out', () => {
      given(history).when(ship()).then([shipped]);
    });

    it('ships without a tracking number', () => {
      const { trackingNumber: _omitted, ...data } = shipped.data;
      given(history)
        .when({ type: 'ShipOrder', data: { orderId, trackingNumber: '  ', now } })
        .then([{ type: 'OrderShipped', data }]);
    });
  });

  describe('when shipped', () => {
    const history = [placed, confirmed, paid, shipped];

    it('cannot be cancelled (409 after shipping)', () => {
      given(history)
        .when(cancel(admin))
        .thenThrows(IllegalStateError, 'order is shipped, not confirmed or paid');
    });

    it('is delivered', () => {
      given(history).when(deliver()).then([delivered]);
    });
  });

  describe.each([
    ['delivered', [placed, confirmed, paid, shipped, delivered]],
    ['rejected', [placed, rejected]],
    ['cancelled', [placed, confirmed, cancelledAfter('confirmed')]],
    ['expired', [placed, confirmed, expired]],
  ])('when %s (terminal)', (status, history) => {
    const strict: OrderCommand[] = [pay(), cancel(), ship(), deliver()];
    it.each(strict)('refuses $type', (command) => {
      given(history)
        .when(command)
        .thenThrows(IllegalStateError, new RegExp(`^order is ${status}, `));
    });
  });

  describe('saga idempotency in terminal states', () => {
    it('ignores a repeated rejection and a repeated expiry', () => {
      given([placed, rejected]).when(reject()).thenNothingHappens();
      given([placed, confirmed, expired]).when(expire()).thenNothingHappens();
    });

    it('refuses to confirm a rejected order: the saga outcomes contradict', () => {
      given([placed, rejected])
        .when(confirm())
        .thenThrows(IllegalStateError, 'order is rejected, not pending');
    });
  });
});
