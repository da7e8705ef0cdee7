import { type Command } from '../shared/decider';
import { type NotificationTemplate } from './events';

/** Idempotent: requesting a notification that exists (for the same trigger) decides nothing. */
export type RequestNotification = Command<
  'RequestNotification',
  {
    notificationId: string;
    template: NotificationTemplate;
    to: string;
    subject: string;
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
