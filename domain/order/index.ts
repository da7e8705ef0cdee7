import { type Decider } from '../shared/decider';
import { type OrderCommand } from './commands';
import { decide } from './decide';
import { type OrderEvent } from './events';
import { type OrderState, evolve, initialState } from './state';

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  decide,
  evolve,
  initialState,
};

export const streamName = (orderId: string): string => `order-${orderId}`;

export * from './commands';
export * from './events';
export * from './state';
export * from './transitions';
export { MAX_LINES, MAX_QUANTITY_PER_LINE, MAX_UNIT_PRICE_CENTS } from './place-order';
export { decide } from './decide';
