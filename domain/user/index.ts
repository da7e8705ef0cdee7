import { type Decider } from '../shared/decider';
import { type UserCommand } from './commands';
import { decide } from './decide';
import { type UserEvent } from './events';
import { type UserState, evolve, initialState } from './state';

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  decide,
  evolve,
  initialState,
};

export const streamName = (userId: string): string => `user-${userId}`;

export * from './commands';
export * from './events';
export * from './state';
export * from './policies';
export { decide } from './decide';
export { COUNTRY_CODES, isCountryCode } from './countries';
