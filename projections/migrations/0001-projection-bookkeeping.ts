import { type Knex } from 'knex';

/**
 * What the projection runtime keeps about itself: one checkpoint per projection (how far it
 * got, under which version of its code, and whether it is running or stuck), and the events a
 * projection could not apply and an operator parked (`shopstream projections park`).
 */
export const projectionBookkeeping = {
  name: '0001_projection_bookkeeping',

  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('projection_checkpoints', (table) => {
      table.text('name').primary();
      table.integer('version').notNullable();
      // The last processed position, opaque (the event store's own encoding); null: none yet.
      table.text('position');
      table.text('status').notNullable();
      table.text('last_error');
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable('projection_dead_letters', (table) => {
      table.text('projection').notNullable();
      table.uuid('event_id').notNullable();
      table.text('position').notNullable();
      table.text('type').notNullable();
      table.text('error').notNullable();
      table.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['projection', 'event_id']);
    });
  },

  async down(knex: Knex): Promise<void> {
    await knex.schema.dropTable('projection_dead_letters');
    await knex.schema.dropTable('projection_checkpoints');
  },
};
