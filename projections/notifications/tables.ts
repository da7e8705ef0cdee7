import { type Knex } from 'knex';
import { type TableDefinition } from '../runtime/projection';

/**
 * One row per notification: what GET /notifications lists. `user_id` is null for mail to an
 * address of no user (low-stock alerts), which only admins see. Ids are text, as in the other
 * read models: an odd id in an event can never stall the projection.
 */
const notifications: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('notification_id').primary();
      t.text('user_id');
      t.text('template').notNullable();
      t.text('to_address').notNullable();
      t.text('subject').notNullable();
      t.text('status').notNullable();
      t.integer('attempts').notNullable();
      t.text('last_error');
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('sent_at', { useTz: true });
    });
  },
  async indexes(index) {
    // The two lists (a user's own, an admin's all) each read one index range in keyset order.
    // Unnamed: PostgreSQL derives the names from the physical table, so generations never clash.
    for (const leading of [[], ['user_id']]) {
      const columns = [...leading.map(() => '??'), '?? DESC', '?? DESC'].join(', ');
      await index(`(${columns})`, [...leading, 'created_at', 'notification_id']);
    }
  },
};

export const notificationsTables = { notifications_notifications: notifications };

export type NotificationsTable = keyof typeof notificationsTables;

export type NotificationStatus = 'pending' | 'sent' | 'failed';

/** A row as written: times as ISO strings. */
export type NotificationRow = {
  notification_id: string;
  user_id: string | null;
  template: string;
  to_address: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
};
