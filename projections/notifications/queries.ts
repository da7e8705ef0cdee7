import { type Knex } from 'knex';
import { type NotificationTemplate } from '../../domain/notification';
import { type NotificationStatus } from './tables';
import { keysetPage, newestFirst } from '../shared/keyset';

export type NotificationItem = {
  notificationId: string;
  template: NotificationTemplate;
  to: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
};

export type NotificationKey = Readonly<{ createdAt: string; notificationId: string }>;

export type NotificationListFilter = Readonly<{
  /** Only this user's notifications; absent: everyone's, alerts included (admins only). */
  userId?: string;
  limit: number;
  /** The last notification of the previous page: the page holds those after it, newest first. */
  after?: NotificationKey;
}>;

/** A page and the key to continue after it (null on the last page); the API makes it a cursor. */
export type NotificationPage = { items: NotificationItem[]; nextKey: NotificationKey | null };

type ItemRow = {
  notification_id: string;
  template: NotificationTemplate;
  to_address: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  created_at: Date | string;
  sent_at: Date | string | null;
};

/**
 * One page, newest first, by keyset on (created_at, notification_id): both lists have an index
 * ending in those columns (tables.ts), so a page reads `limit + 1` index entries.
 */
export function notificationListQuery(db: Knex, filter: NotificationListFilter): Knex.QueryBuilder {
  const query = db('notifications_notifications').select(
    'notification_id',
    'template',
    'to_address',
    'subject',
    'status',
    'attempts',
    'created_at',
    'sent_at',
  );
  if (filter.userId !== undefined) query.where('user_id', filter.userId);
  const after = filter.after && ([filter.after.createdAt, filter.after.notificationId] as const);
  return newestFirst(query, 'notification_id', after, filter.limit);
}

export async function listNotifications(
  db: Knex,
  filter: NotificationListFilter,
): Promise<NotificationPage> {
  const rows: ItemRow[] = await notificationListQuery(db, filter);
  const items = rows.map(toItem);
  const page = keysetPage(items, filter.limit, (last) => ({
    createdAt: last.createdAt,
    notificationId: last.notificationId,
  }));
  return { items: page.rows, nextKey: page.nextKey };
}

function toItem(row: ItemRow): NotificationItem {
  return {
    notificationId: row.notification_id,
    template: row.template,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
  };
}
