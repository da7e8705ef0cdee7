import { type Knex } from 'knex';

/**
 * What rebuilds and poison events need on top of 0001:
 * - `generation`: the set of physical tables (`<table>__g<generation>`) the views point at;
 * - `fence`: the lease token of the last writer, so an owner whose lease was taken over cannot
 *   write after the new owner did;
 * - the event the projection is stuck on, so `projections park` can move exactly that one;
 * - the rebuild in progress, if any, for `projections list`.
 */
export const generationsAndFailures = {
  name: '0002_generations_and_failures',

  async up(knex: Knex): Promise<void> {
    await knex.schema.alterTable('projection_checkpoints', (table) => {
      table.integer('generation').notNullable().defaultTo(1);
      table.bigInteger('fence').notNullable().defaultTo(0);
      table.uuid('failing_event_id');
      table.text('failing_position');
      table.text('failing_type');
      table.integer('failing_attempts').notNullable().defaultTo(0);
      table.integer('rebuild_generation');
      table.text('rebuild_position');
      table.timestamp('rebuild_started_at', { useTz: true });
    });
  },

  async down(knex: Knex): Promise<void> {
    await knex.schema.alterTable('projection_checkpoints', (table) => {
      table.dropColumns(
        'generation',
        'fence',
        'failing_event_id',
        'failing_position',
        'failing_type',
        'failing_attempts',
        'rebuild_generation',
        'rebuild_position',
        'rebuild_started_at',
      );
    });
  },
};
