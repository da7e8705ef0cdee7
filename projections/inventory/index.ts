import { type Projection } from '../runtime/projection';
import { applyInventoryEvents, inventoryEventTypes } from './apply';
import { type InventoryTable, inventoryTables } from './tables';

/**
 * Stock levels per product for the admin: on hand, reserved, available, the low-stock threshold
 * and whether the product is low. For GET /inventory and GET /inventory/{productId}.
 */
export const inventoryProjection: Projection<InventoryTable> = {
  name: 'inventory',
  version: 1,
  description: 'Inventory: stock levels and low-stock state per product',
  tables: inventoryTables,
  eventTypes: inventoryEventTypes,
  apply: applyInventoryEvents,
};
