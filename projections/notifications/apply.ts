import { type NotificationEvent } from '../../domain/notification';
import { assertNever } from '../../domain/shared/decider';
import { type ApplyContext, type ProjectedEvent } from '../runtime/projection';
import { isoTime as iso } from '../shared/iso-time';
import { type NotificationRow, type NotificationsTable } from './tables';

export const notificationEventTypes = [
  'NotificationRequested',
  'NotificationSent',
  'NotificationAttemptFailed',
] as const satisfies readonly NotificationEvent['type'][];

/**
 * Applies a batch with one select and one upsert. Each event sets the row's fields from its own
 * data (the attempt number, not a count of events seen), so a row is the same however the
 * events were split into batches. An outcome for a notification never requested (a damaged
 * stream: each starts with NotificationRequested) has no row to change and is skipped.
 */
export async function applyNotificationEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<NotificationsTable>,
): Promise<void> {
  const notifications = events
    .map(({ event }) => event)
    .filter((event): event is NotificationEvent =>
      (notificationEventTypes as readonly string[]).includes(event.type),
    );
  const rows = context.rows<NotificationRow>('notifications_notifications', ['notification_id']);
  await rows.load(notifications.map((event) => [event.data.notificationId]));

  for (const event of notifications) {
    if (event.type === 'NotificationRequested') {
      if (!rows.get(event.data.notificationId)) rows.set(requestedRow(event.data));
      continue;
    }
    const stored = rows.get(event.data.notificationId);
    if (stored) rows.set(outcome(storable(stored), event));
  }
  await rows.flush();
}

function requestedRow(
  data: Extract<NotificationEvent, { type: 'NotificationRequested' }>['data'],
): NotificationRow {
  return {
    notification_id: data.notificationId,
    user_id: data.userId,
    template: data.template,
    to_address: data.to,
    subject: data.subject,
    status: 'pending',
    attempts: 0,
    last_error: null,
    created_at: iso(data.requestedAt),
    sent_at: null,
  };
}

function outcome(
  row: NotificationRow,
  event: Exclude<NotificationEvent, { type: 'NotificationRequested' }>,
): NotificationRow {
  switch (event.type) {
    case 'NotificationSent':
      return {
        ...row,
        status: 'sent',
        attempts: event.data.attempt,
        sent_at: iso(event.data.sentAt),
      };
    case 'NotificationAttemptFailed':
      // `failed` only after the last attempt; until then the mail is still on its way.
      return {
        ...row,
        status: event.data.willRetry ? 'pending' : 'failed',
        attempts: event.data.attempt,
        last_error: event.data.error,
      };
    default:
      return assertNever(event);
  }
}

/** A loaded row has Date values; written back, times are normalised ISO strings again. */
function storable(row: NotificationRow): NotificationRow {
  return {
    ...row,
    created_at: iso(row.created_at),
    sent_at: row.sent_at === null ? null : iso(row.sent_at),
  };
}
