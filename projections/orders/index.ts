import { type Projection } from '../runtime/projection';
import { applyOrderEvents, orderEventTypes } from './apply';
import { type OrdersTable, ordersTables } from './tables';

/**
 * Order history: every order with its snapshotted lines and its status timeline, for
 * GET /orders (a customer's own, or all for an admin) and GET /orders/{id}.
 */
export const ordersProjection: Projection<OrdersTable> = {
  name: 'orders',
  version: 1,
  description: 'Order history: orders with their lines, totals and status timeline',
  tables: ordersTables,
  eventTypes: orderEventTypes,
  apply: applyOrderEvents,
};
