import { isInputOf, type ProcessManager, cancel, run } from '../runtime/process-manager';

const HANDLED = [
  'OrderConfirmed',
  'OrderPaid',
  'OrderCancelled',
  'OrderExpired',
  'OrderRejected',
] as const;

/**
 * Reservation expiry: a confirmed order not paid by its `reservationExpiresAt` is expired. The
 * deadline is a schedule row written in the same transaction as the reaction to OrderConfirmed,
 * so it survives restarts, and one worker fires it (claims). Paying, cancelling or expiring
 * cancels it. A payment racing the deadline is decided by the order stream: whichever event is
 * appended first wins; a late ExpireOrder is refused by the order decider and dropped, a late
 * payment is a 409. The saga releases the stock on OrderExpired, so only a won expiry frees it.
 */
export function createReservationExpiry(): ProcessManager<null> {
  return {
    name: 'reservation-expiry',
    description: 'expires confirmed orders left unpaid past their reservation deadline',
    categories: ['order'],
    eventTypes: [...HANDLED],
    instanceOf: (input) => (isInputOf(input, ...HANDLED) ? input.event.data.orderId : null),
    initialState: () => null,
    decide(input) {
      if (!isInputOf(input, ...HANDLED)) return [];
      const { event } = input;
      if (event.type !== 'OrderConfirmed') return [cancel('expire')];
      const { orderId, reservationExpiresAt } = event.data;
      return [
        run(
          'expire',
          {
            command: {
              aggregate: 'order',
              command: { type: 'ExpireOrder', data: { orderId, now: reservationExpiresAt } },
            },
          },
          reservationExpiresAt,
        ),
      ];
    },
    evolve: () => null,
  };
}
