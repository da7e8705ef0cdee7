import { type Decider } from '../shared/decider';
import { type InventoryCommand } from './commands';
import { decide } from './decide';
import { type InventoryEvent } from './events';
import { type InventoryState, evolve, initialState } from './state';

export const inventoryDecider: Decider<InventoryState, InventoryCommand, InventoryEvent> = {
  decide,
  evolve,
  initialState,
};

/** One stream per product: every reservation of that product is decided against one revision. */
export const streamName = (productId: string): string => `inventory-${productId}`;

export * from './commands';
export * from './events';
export * from './state';
export * from './policies';
export { decide } from './decide';
