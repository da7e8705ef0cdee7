/**
 * Outgoing mail as events: one stream per notification, `notification-<notificationId>`. The
 * dispatcher (process managers) requests a notification for each trigger and recipient, then
 * records each delivery attempt, so "one mail per trigger per recipient" and "failed after its
 * last attempt" are facts in the store, and the notifications read model is built from them.
 */
import { type Decider } from '../shared/decider';
import { type NotificationCommand } from './commands';
import { decide } from './decide';
import { type NotificationEvent } from './events';
import { type NotificationState, evolve, initialState } from './state';

export const notificationDecider: Decider<
  NotificationState,
  NotificationCommand,
  NotificationEvent
> = { decide, evolve, initialState };

export const streamName = (notificationId: string): string => `notification-${notificationId}`;

export * from './commands';
export * from './events';
export * from './state';
export {
  decide,
  MAX_ATTEMPTS,
  MAX_ERROR_LENGTH,
  MAX_VARIABLES,
  MAX_VARIABLE_LENGTH,
} from './decide';
