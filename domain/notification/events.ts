import { type Event } from '../shared/decider';
import { type EventSchemas, type Upcaster } from '../shared/schema';

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

/** What a template's `{{name}}` placeholders are filled with: plain text, escaped on render. */
export type TemplateVariables = Readonly<Record<string, string>>;

/**
 * The dispatcher decided a mail is due. `userId` is the recipient user, or null for mail to an
 * address that belongs to no user (low-stock alerts to ALERT_EMAIL): only admins see those.
 * `triggerEventId` is the event that caused it; one trigger and recipient yield one stream, so a
 * redelivered trigger finds the notification already requested.
 *
 * Version 2 adds `variables`: the body is rendered at send time, possibly after a crash and in
 * another process, so everything it says is fixed here, as of the trigger.
 */
export type NotificationRequested = Event<
  'NotificationRequested',
  {
    notificationId: string;
    template: NotificationTemplate;
    to: string;
    subject: string;
    variables: TemplateVariables;
    userId: string | null;
    triggerEventId: string;
    requestedAt: string;
  }
>;

/** The shape written before `variables` existed; still found in old streams. */
export type NotificationRequestedV1Data = Omit<NotificationRequested['data'], 'variables'>;

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

/** v1 -> v2: nothing was rendered from variables then, so an old request has none. */
export const upcastNotificationRequestedV1: Upcaster = (data) => ({ ...data, variables: {} });

export const notificationEventSchemas: EventSchemas<NotificationEvent['type']> = {
  NotificationRequested: { version: 2, upcasters: { 1: upcastNotificationRequestedV1 } },
  NotificationSent: { version: 1 },
  NotificationAttemptFailed: { version: 1 },
};
