import { type Projection } from '../runtime/projection';
import { applyNotificationEvents, notificationEventTypes } from './apply';
import { type NotificationsTable, notificationsTables } from './tables';

/**
 * Notifications: every mail the dispatcher requested, with its delivery status and attempts,
 * for GET /notifications (a user's own, or all for an admin).
 */
export const notificationsProjection: Projection<NotificationsTable> = {
  name: 'notifications',
  version: 1,
  description: 'Notifications: requested mails with their status and delivery attempts',
  tables: notificationsTables,
  eventTypes: notificationEventTypes,
  apply: applyNotificationEvents,
};

export { type NotificationStatus } from './tables';
export * from './queries';
