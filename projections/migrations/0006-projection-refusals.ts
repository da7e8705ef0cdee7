import { type Knex } from 'knex';

/**
 * `projection_refusals`: the workers whose code is older than a projection's stored tables (a
 * rolling deploy half done, or a rollback). Such a worker does not run the projection, and
 * says so here, refreshed while it waits, so `projections list` can name it.
 */
export const projectionRefusals = {
  name: '0006_projection_refusals',

  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('projection_refusals', (table) => {
      table.text('projection').notNullable();
      table.text('owner_id').notNullable();
      table.integer('code_version').notNullable();
      table.integer('stored_version').notNullable();
      table.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['projection', 'owner_id']);
    });
  },

  async down(knex: Knex): Promise<void> {
    await knex.schema.dropTable('projection_refusals');
  },
};
