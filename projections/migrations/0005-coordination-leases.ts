import { type Knex } from 'knex';

/**
 * Worker leases kept in Postgres, for deployments with a DATABASE_URL and no REDIS_URL
 * (platform/coordination/postgres/). A row outlives its holder: a released or expired lease keeps
 * its token, so the next holder's token is larger even after every process restarted.
 */
export const coordinationLeases = {
  name: '0005_coordination_leases',

  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('coordination_leases', (table) => {
      table.text('name').primary();
      table.text('owner_id').notNullable();
      // The fencing token: raised by one each time the lease changes hands.
      table.bigInteger('token').notNullable();
      // On the database server's clock, so processes with drifting clocks agree.
      table.timestamp('expires_at', { useTz: true }).notNullable();
    });
  },

  async down(knex: Knex): Promise<void> {
    await knex.schema.dropTable('coordination_leases');
  },
};
