import { type Command } from '../shared/decider';
import { type NotificationTemplate, type TemplateVariables } from './events';

/**
 * Idempotent: requesting a notification that exists (for the same trigger) decides nothing.
 * `variables` fill the template's placeholders; absent means none (a template without any).
 */
export type RequestNotification = Command<
  'RequestNotification',
  {
    notificationId: string;
    template: NotificationTemplate;
    to: string;
    subject: string;
    variables?: TemplateVariables;
    userId: string | null;
    triggerEventId: string;
    now: string;
  }
>;

/** `attempt` is the 1-based number of the attempt the dispatcher made: the next one due. */
export type RecordSent = Command<
  'RecordSent',
  { notificationId: string; attempt: number; now: string }
>;

export type RecordAttemptFailed = Command<
  'RecordAttemptFailed',
  { notificationId: string; attempt: number; error: string; willRetry: boolean; now: string }
>;

export type NotificationCommand = RequestNotification | RecordSent | RecordAttemptFailed;
