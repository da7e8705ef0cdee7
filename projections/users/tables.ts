import { type Knex } from 'knex';
import { type Address, type NotificationPreferences, type Role } from '../../domain/user';
import { type TableDefinition } from '../runtime/projection';

/**
 * One row per user: the profile GET /users/me shows. Addresses live in the row as a jsonb array
 * in the order they were added (as the user aggregate keeps them): the profile is always read
 * whole, a user has a handful at most, and the order then needs no tie-breaking column. The
 * password hash is deliberately absent: a read model is no place for credentials.
 */
const users: TableDefinition = {
  async create(knex: Knex, table: string) {
    await knex.schema.createTable(table, (t) => {
      t.text('user_id').primary();
      t.text('email').notNullable();
      t.text('name').notNullable();
      t.jsonb('roles').notNullable();
      t.jsonb('addresses').notNullable();
      t.jsonb('notification_preferences').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
  },
};

export const usersTables = { users_users: users };

export type UsersTable = keyof typeof usersTables;

/** A row as written: json columns as their values, times as ISO strings. */
export type UserRow = {
  user_id: string;
  email: string;
  name: string;
  roles: readonly Role[];
  addresses: readonly Address[];
  notification_preferences: NotificationPreferences;
  created_at: string;
  updated_at: string;
};
