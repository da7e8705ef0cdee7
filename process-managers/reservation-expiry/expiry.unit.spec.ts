import { type OrderEvent } from '../../domain/order';
import { inputOf, specForManager } from '../runtime/manager-specification';
import { cancel, run } from '../runtime/process-manager';
import { createReservationExpiry } from './expiry';

const expiry = createReservationExpiry();
const given = specForManager(expiry);
const orderId = 'o-1';
const customerId = 'u-1';
const deadline = '2025-05-01T10:15:00.000Z';
const at = '2025-05-01T10:00:00.000Z';

const confirmed = inputOf<OrderEvent>({
  type: 'OrderConfirmed',
  data: { orderId, customerId, reservationExpiresAt: deadline, confirmedAt: at },
});

describe('reservation expiry', () => {
  it('schedules ExpireOrder at the reservation deadline when an order is confirmed', () => {
    given([])
      .when(confirmed)
      .then([
        run(
          'expire',
          {
            command: {
              aggregate: 'order',
              command: { type: 'ExpireOrder', data: { orderId, now: deadline } },
            },
          },
          deadline,
        ),
      ]);
  });

  it.each<OrderEvent>([
    {
      type: 'OrderPaid',
      data: { orderId, customerId, paymentReference: 'p', lines: [], totalCents: 0, paidAt: at },
    },
    {
      type: 'OrderCancelled',
      data: {
        orderId,
        customerId,
        previousStatus: 'confirmed',
        cancelledBy: 'customer',
        lines: [],
        totalCents: 0,
        cancelledAt: at,
      },
    },
    {
      type: 'OrderExpired',
      data: { orderId, customerId, reservationExpiresAt: deadline, lines: [], expiredAt: at },
    },
  ])('cancels the deadline on $type', (event) => {
    given([confirmed])
      .when(inputOf(event))
      .then([cancel('expire')]);
  });

  it('follows each order as its own instance and ignores other events', () => {
    expect(expiry.instanceOf(confirmed)).toBe(orderId);
    const placed = inputOf<OrderEvent>({
      type: 'OrderDelivered',
      data: { orderId, customerId, deliveredAt: at },
    });
    expect(expiry.instanceOf(placed)).toBeNull();
  });
});
