import { type Decider } from '../shared/decider';
import { type ProductCommand } from './commands';
import { decide } from './decide';
import { type ProductEvent } from './events';
import { type ProductState, evolve, initialState } from './state';

export const productDecider: Decider<ProductState, ProductCommand, ProductEvent> = {
  decide,
  evolve,
  initialState,
};

export const streamName = (productId: string): string => `product-${productId}`;

export * from './commands';
export * from './events';
export * from './state';
export * from './policies';
export { decide } from './decide';
