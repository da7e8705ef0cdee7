import { assertNever } from '../../domain/shared/decider';
import { type OrderEvent, type OrderStatus } from '../../domain/order';
import { type ApplyContext, type ProjectedEvent, isEventOfType } from '../runtime/projection';
import { insertRows } from '../runtime/json-rows';
import { isoTime as iso } from '../shared/iso-time';
import { type HistoryRow, type OrderRow, type OrdersTable } from './tables';

/** The order events this read model follows: every one moves the order to a status. */
export const orderEventTypes = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderPaid',
  'OrderCancelled',
  'OrderExpired',
  'OrderShipped',
  'OrderDelivered',
] as const satisfies readonly OrderEvent['type'][];

type Change = { status: OrderStatus; at: string; reason?: string };

/**
 * Applies a batch with one select, one upsert of the changed orders and one insert of their new
 * timeline entries. An event for an order this model never saw placed has nothing to change and is
 * skipped (the order stream always starts with OrderPlaced, so that means a damaged stream).
 */
export async function applyOrderEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<OrdersTable>,
): Promise<void> {
  const orderEvents = events.filter((projected) => isEventOfType(projected, ...orderEventTypes));
  const orders = context.rows<OrderRow>('orders_orders', ['order_id']);
  await orders.load(orderEvents.map(({ event }) => [event.data.orderId]));
  const history: HistoryRow[] = [];

  for (const { event, recorded } of orderEvents) {
    const seq = recorded.revision.toString();
    if (event.type === 'OrderPlaced') {
      const row = placedRow(event.data);
      orders.set(row);
      history.push({
        order_id: row.order_id,
        seq,
        status: 'pending',
        at: row.created_at,
        reason: null,
      });
      continue;
    }
    const stored = orders.get(event.data.orderId);
    if (!stored) continue;
    const change = statusChange(event);
    const at = iso(change.at);
    orders.set({ ...storable(stored), status: change.status, updated_at: at });
    history.push({
      order_id: stored.order_id,
      seq,
      status: change.status,
      at,
      reason: change.reason ?? null,
    });
  }

  await orders.flush();
  await insertRows(context.db, context.table('orders_history'), history);
}

function placedRow(data: Extract<OrderEvent, { type: 'OrderPlaced' }>['data']): OrderRow {
  const placedAt = iso(data.placedAt);
  return {
    order_id: data.orderId,
    user_id: data.customerId,
    status: 'pending',
    lines: data.lines,
    total_cents: data.totalCents,
    item_count: data.lines.reduce((sum, line) => sum + line.quantity, 0),
    shipping_address: data.shippingAddress,
    created_at: placedAt,
    updated_at: placedAt,
  };
}

function statusChange(event: Exclude<OrderEvent, { type: 'OrderPlaced' }>): Change {
  switch (event.type) {
    case 'OrderConfirmed':
      return { status: 'confirmed', at: event.data.confirmedAt };
    case 'OrderRejected':
      return { status: 'rejected', at: event.data.rejectedAt, reason: event.data.reason };
    case 'OrderPaid':
      return { status: 'paid', at: event.data.paidAt };
    case 'OrderCancelled':
      return withReason({ status: 'cancelled', at: event.data.cancelledAt }, event.data.reason);
    case 'OrderExpired':
      return { status: 'expired', at: event.data.expiredAt };
    case 'OrderShipped':
      return { status: 'shipped', at: event.data.shippedAt };
    case 'OrderDelivered':
      return { status: 'delivered', at: event.data.deliveredAt };
    default:
      return assertNever(event);
  }
}

function withReason(change: Change, reason: string | undefined): Change {
  return reason === undefined || reason === '' ? change : { ...change, reason };
}

/**
 * A row loaded from the table comes back with Date values; written back, times are normalised so
 * a row rewritten in a later batch is identical to one written whole in a single batch.
 */
function storable(row: OrderRow): OrderRow {
  return { ...row, created_at: iso(row.created_at), updated_at: iso(row.updated_at) };
}
