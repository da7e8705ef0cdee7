/**
 * Notification dispatch (SPEC "Notifications"): the pure process manager that turns triggers into
 * requested notifications, and the effect handler that sends each one with retries.
 */
export {
  type NotificationDispatchOptions,
  createNotificationDispatch,
  notificationIdFor,
} from './dispatch';
export {
  type SendNotificationEffect,
  type SendNotificationOptions,
  createSendNotificationHandler,
} from './send-notification';
export { MAX_SEND_ATTEMPTS, retryDelayMs } from './backoff';
export { findTemplatesDir, loadTemplateSources } from './template-files';
