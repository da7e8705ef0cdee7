import { type Knex } from 'knex';

/**
 * The relay's checkpoint (how far `$all` has been published, under which fence), and the
 * embedded default's in-process bus: a durable log of published messages and each consumer
 * group's committed offset per topic, so `npm start` loses nothing across restarts. A topic is
 * one partition: one consumer of a group holds it at a time (`owner` until `owner_until`, like
 * a Kafka group member within its session timeout), so two processes on one Postgres share it.
 */
export const relayAndInProcessBus = {
  name: '0003_relay_and_in_process_bus',

  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('relay_checkpoints', (table) => {
      table.text('name').primary();
      // The position of the last event the bus acknowledged; null: none yet.
      table.text('position');
      // Raised by each relay run as it starts; a run whose fence is no longer here stops writing.
      table.bigInteger('fence').notNullable().defaultTo(0);
      table.text('last_error');
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('bus_messages', (table) => {
      table.bigIncrements('offset').primary();
      table.text('topic').notNullable();
      table.text('key').notNullable();
      table.text('value').notNullable();
      table.jsonb('headers').notNullable();
      table.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['topic', 'offset']);
    });
    await knex.schema.createTable('bus_offsets', (table) => {
      table.text('group_id').notNullable();
      table.text('topic').notNullable();
      // The offset of the last message the group handled; the next one read is above it.
      table.bigInteger('offset').notNullable();
      // The consumer handling this topic for the group, and until when unless it renews.
      table.text('owner');
      table.timestamp('owner_until', { useTz: true });
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['group_id', 'topic']);
    });
  },

  async down(knex: Knex): Promise<void> {
    await knex.schema.dropTable('bus_offsets');
    await knex.schema.dropTable('bus_messages');
    await knex.schema.dropTable('relay_checkpoints');
  },
};
