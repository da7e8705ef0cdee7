import { type Knex } from 'knex';

/**
 * What the process-manager runtime keeps (process-managers/runtime/):
 * - `pm_inbox`: each event a manager acted on, written in the transaction of its decision, so a
 *   redelivered event changes nothing;
 * - `pm_state`: one JSON state per manager instance (an order's saga);
 * - `pm_schedule`: the commands and effects a decision asked for, due now or at a deadline.
 *   Written in the decision's transaction (an outbox), claimed by one worker at a time
 *   (`FOR UPDATE SKIP LOCKED`, then a claim that expires), deleted once done;
 * - `pm_failures` / `pm_dead_letters`: the event a manager is stuck on, and the ones an operator
 *   parked (`shopstream process-managers park|retry`);
 * - `pm_status`: each running manager's consumer lag, refreshed by its worker.
 */
export const processManagers = {
  name: '0004_process_managers',

  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('pm_inbox', (table) => {
      table.text('manager').notNullable();
      table.uuid('event_id').notNullable();
      table.timestamp('handled_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['manager', 'event_id']);
    });
    await knex.schema.createTable('pm_state', (table) => {
      table.text('manager').notNullable();
      table.text('instance').notNullable();
      table.jsonb('state').notNullable();
      table.integer('version').notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['manager', 'instance']);
    });
    await knex.schema.createTable('pm_schedule', (table) => {
      table.bigIncrements('id').primary();
      table.text('manager').notNullable();
      table.text('instance').notNullable();
      table.text('line').notNullable();
      // manager/cause/line: the seed of the derived event ids, unique per reaction output.
      table.text('seed').notNullable().unique();
      table.jsonb('action').notNullable();
      table.uuid('cause_event_id').notNullable();
      table.text('correlation_id').notNullable();
      table.timestamp('due_at', { useTz: true }).notNullable();
      // Rows to run now run in the order their instance's decisions wrote them; deadlines don't.
      table.boolean('in_order').notNullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.text('last_error');
      table.text('claimed_by');
      table.timestamp('claimed_until', { useTz: true });
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.index(['due_at']);
      table.index(['manager', 'instance', 'line']);
    });
    await knex.schema.createTable('pm_failures', (table) => {
      table.text('manager').notNullable();
      table.uuid('event_id').notNullable();
      table.text('position').notNullable();
      table.text('type').notNullable();
      table.text('error').notNullable();
      table.integer('attempts').notNullable();
      table.text('message').notNullable();
      table.timestamp('first_failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['manager', 'event_id']);
    });
    await knex.schema.createTable('pm_dead_letters', (table) => {
      table.text('manager').notNullable();
      table.uuid('event_id').notNullable();
      table.text('position').notNullable();
      table.text('type').notNullable();
      table.text('error').notNullable();
      // The bus message as received, so `retry` can re-drive it without the bus.
      table.text('message').notNullable();
      table.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['manager', 'event_id']);
    });
    await knex.schema.createTable('pm_status', (table) => {
      table.text('manager').primary();
      table.bigInteger('lag').notNullable();
      table.text('owner').notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },

  async down(knex: Knex): Promise<void> {
    for (const table of [
      'pm_status',
      'pm_dead_letters',
      'pm_failures',
      'pm_schedule',
      'pm_state',
      'pm_inbox',
    ]) {
      await knex.schema.dropTable(table);
    }
  },
};
