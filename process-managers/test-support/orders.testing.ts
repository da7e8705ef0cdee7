import { type OrderEvent } from '../../domain/order';

/** An order placed with no lines: enough for a manager that confirms orders. */
export function placedWithoutLines(orderId: string, placedAt: string): OrderEvent {
  return {
    type: 'OrderPlaced',
    data: {
      orderId,
      customerId: 'u-1',
      lines: [],
      totalCents: 0,
      shippingAddress: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      placedAt,
    },
  };
}
