import { assertNever } from '../shared/decider';
import { type NotificationEvent, type NotificationRequested } from './events';

/** What the request fixed: recipient, template and the trigger, for the dispatcher. */
export type RequestedNotification = NotificationRequested['data'];

/**
 * `attempts` counts the attempts recorded so far (sent or failed), so the next one due is
 * `attempts + 1`. `pending` may already have failed attempts that will be retried.
 */
export type NotificationState =
  | { status: 'absent' }
  | (RequestedNotification & { status: 'pending'; attempts: number; lastError?: string })
  | (RequestedNotification & { status: 'sent'; attempts: number; sentAt: string })
  | (RequestedNotification & { status: 'failed'; attempts: number; lastError: string });

export type ExistingNotification = Exclude<NotificationState, { status: 'absent' }>;

export const initialState = (): NotificationState => ({ status: 'absent' });

/** Trusts stored history (decide guarantees each step) and never throws, so old streams load. */
export function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  if (event.type === 'NotificationRequested') {
    return { ...event.data, status: 'pending', attempts: 0 };
  }
  if (state.status === 'absent') return state;
  const requested = requestedPart(state);
  switch (event.type) {
    case 'NotificationSent':
      return {
        ...requested,
        status: 'sent',
        attempts: event.data.attempt,
        sentAt: event.data.sentAt,
      };
    case 'NotificationAttemptFailed': {
      const { attempt, error, willRetry } = event.data;
      return willRetry
        ? { ...requested, status: 'pending', attempts: attempt, lastError: error }
        : { ...requested, status: 'failed', attempts: attempt, lastError: error };
    }
    default:
      return assertNever(event);
  }
}

function requestedPart(state: ExistingNotification): RequestedNotification {
  const { notificationId, template, to, subject, variables, userId, triggerEventId, requestedAt } =
    state;
  return { notificationId, template, to, subject, variables, userId, triggerEventId, requestedAt };
}
