import { type Knex } from 'knex';
import { type Address, type NotificationPreferences, type Role } from '../../domain/user';
import { addressFields } from './address';

export type UserProfile = {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  /** In the order they were added. */
  addresses: Address[];
  notificationPreferences: NotificationPreferences;
  createdAt: string;
};

type ProfileRow = {
  user_id: string;
  email: string;
  name: string;
  roles: Role[] | string;
  addresses: Address[] | string;
  notification_preferences: NotificationPreferences | string;
  created_at: Date | string;
};

/** The profile of one user; undefined until the projection has seen the user registered. */
export async function findUserProfile(db: Knex, userId: string): Promise<UserProfile | undefined> {
  const row: ProfileRow | undefined = await db('users_users')
    .select(
      'user_id',
      'email',
      'name',
      'roles',
      'addresses',
      'notification_preferences',
      'created_at',
    )
    .where('user_id', userId)
    .first();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: parseJson(row.roles),
    addresses: parseJson(row.addresses).map(addressFields),
    notificationPreferences: preferencesInOrder(parseJson(row.notification_preferences)),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function preferencesInOrder({ orderUpdates, marketing }: NotificationPreferences) {
  return { orderUpdates, marketing };
}

/** json columns arrive parsed from `pg`; keep working if a driver hands back text. */
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
