import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { toBusMessage } from '../../platform/bus/integration-event';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { recordFailure } from '../../process-managers/runtime/dead-letters';
import { migrateReadModels } from '../../projections/read-model-schema';
import { createTestDatabase, type TestDatabase } from '../harness';
import { runCli } from './run-cli.testing';

/**
 * `shopstream process-managers list|park|retry` as an operator runs them, against a database
 * where a manager is stuck on an event (recorded the way its worker records a failure).
 */
describe('shopstream process-managers', () => {
  let database: TestDatabase;
  let db: Knex;
  let store: EventStore;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('pm_cli');
    db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 2 });
    store = createPostgresEventStore({ connectionString: database.url, poolSize: 2 });
    await store.ensureSchema();
    await migrateReadModels(db);
    env = { DATABASE_URL: database.url, DATA_DIR: `/tmp/shopstream-pm-cli-${randomUUID()}` };
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.destroy();
    await database.drop();
  });

  it('lists a stuck event, parks it, lists it parked, and re-drives it', async () => {
    const productId = randomUUID();
    await appendDomainEvents(store, `product-${productId}`, [
      {
        type: 'ProductCreated',
        data: {
          productId,
          sku: 'CLI-1',
          name: 'Cli lamp',
          description: '',
          category: 'lamps',
          priceCents: 100,
          initialStock: 7,
          createdAt: new Date().toISOString(),
        },
      },
    ]);
    const [created] = await store.readStream(`product-${productId}`);
    const message = toBusMessage(created, 'shopstream.').value;
    await recordFailure(db, 'inventory-opening', created, message, 'Error: the disk is on fire', 4);

    const stuck = await runCli(['process-managers', 'list', '--json'], env);
    expect(stuck.code).toBe(0);
    const listed = JSON.parse(stuck.stdout).processManagers as {
      name: string;
      failing: { eventId: string; attempts: number }[];
      parked: { eventId: string }[];
    }[];
    const opening = listed.find((m) => m.name === 'inventory-opening')!;
    expect(opening.failing).toEqual([
      expect.objectContaining({ eventId: created.eventId, attempts: 4 }),
    ]);
    expect(listed.map((m) => m.name).sort()).toEqual([
      'inventory-opening',
      'notification-dispatch',
      'order-reservation',
      'reservation-expiry',
    ]);
    const table = await runCli(['process-managers', 'list'], env);
    expect(table.stdout).toContain(
      `shopstream process-managers park inventory-opening ${created.eventId}`,
    );

    const parked = await runCli(
      ['process-managers', 'park', 'inventory-opening', created.eventId],
      env,
    );
    expect(parked.code).toBe(0);
    expect(parked.stdout).toContain(`parked event ${created.eventId} of inventory-opening`);
    const afterPark = await runCli(['process-managers', 'list'], env);
    expect(afterPark.stdout).toMatch(
      new RegExp(`inventory-opening\\s+${created.eventId}\\s+ProductCreated`),
    );

    const retried = await runCli(
      ['process-managers', 'retry', 'inventory-opening', created.eventId],
      env,
    );
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('handled it');
    // Its action waits in the schedule for a worker: the stock record with the opening stock.
    const [row] = await db('pm_schedule').where({ manager: 'inventory-opening' }).select('action');
    expect(row.action).toMatchObject({
      command: {
        aggregate: 'inventory',
        command: { type: 'InitialiseInventory', data: { initialStock: 7 } },
      },
    });
    const final = await runCli(['process-managers', 'list', '--json'], env);
    const after = JSON.parse(final.stdout).processManagers.find(
      (m: { name: string }) => m.name === 'inventory-opening',
    );
    expect({ failing: after.failing, parked: after.parked, due: after.scheduled.due }).toEqual({
      failing: [],
      parked: [],
      due: 1,
    });
  }, 90_000);

  it.each([
    [['park', 'no-such-manager', randomUUID()], /unknown process manager "no-such-manager"/],
    [['park', 'order-reservation', 'not-a-uuid'], /eventId must be a UUID/],
    [['park', 'order-reservation', randomUUID()], /is not stuck on any event/],
    [['retry', 'order-reservation', randomUUID()], /has no parked event/],
  ])(
    'refuses %j with one line and a non-zero exit',
    async (args, message) => {
      const result = await runCli(['process-managers', ...args], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    },
    60_000,
  );
});
