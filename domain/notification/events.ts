import { type Event } from '../shared/decider';
import { type EventSchemas } from '../shared/schema';

/** One template per trigger in the SPEC's notification table. */
export const notificationTemplates = [
  'welcome',
  'order-confirmed',
  'order-rejected',
  'order-shipped',
  'order-cancelled',
  'low-stock',
] as const;

export type NotificationTemplate = (typeof notificationTemplates)[number];

/**
 * The dispatcher decided a mail is due. `userId` is the recipient user, or null for mail to an
 * address that belongs to no user (low-stock alerts to ALERT_EMAIL): only admins see those.
 * `triggerEventId` is the event that caused it; one trigger and recipient yield one stream, so a
 * redelivered trigger finds the notification already requested.
 */
export type NotificationRequested = Event<
  'NotificationRequested',
  {
    notificationId: string;
    template: NotificationTemplate;
    to: string;
    subject: string;
    userId: string | null;
    triggerEventId: string;
    requestedAt: string;
  }
>;

/** Attempt `attempt` (1-based) handed the mail to the mail server. */
export type NotificationSent = Event<
  'NotificationSent',
  { notificationId: string; attempt: number; sentAt: string }
>;

/**
 * Attempt `attempt` failed. `willRetry: false` marks the last attempt: the notification has
 * failed for good (the dispatcher owns the retry policy, so the event says which it was).
 */
export type NotificationAttemptFailed = Event<
  'NotificationAttemptFailed',
  { notificationId: string; attempt: number; error: string; willRetry: boolean; failedAt: string }
>;

export type NotificationEvent =
  NotificationRequested | NotificationSent | NotificationAttemptFailed;

export const notificationEventSchemas: EventSchemas<NotificationEvent['type']> = {
  NotificationRequested: { version: 1 },
  NotificationSent: { version: 1 },
  NotificationAttemptFailed: { version: 1 },
};
