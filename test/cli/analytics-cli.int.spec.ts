import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { analyticsProjection } from '../../projections/analytics';
import { migrateReadModels } from '../../projections/read-model-schema';
import { tableChecksums } from '../../projections/test-support/projection-fixture.testing';
import { createTestDatabase, type TestDatabase } from '../harness';
import { runCli } from './run-cli.testing';
import { catchUpLive, writeShopWorkload } from './shop-workload.testing';

/**
 * `shopstream analytics backfill` as an operator runs it: over a workload the live projection
 * has applied, recomputing a window (or everything) gives back exactly the live tables.
 */
describe('shopstream analytics backfill', () => {
  let database: TestDatabase;
  let db: Knex;
  let store: EventStore;
  let env: Record<string, string>;
  let live: Record<string, string>;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    database = await createTestDatabase('cli_analytics');
    db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 4 });
    store = createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
    await store.ensureSchema();
    await migrateReadModels(db);
    await writeShopWorkload(store, { users: 8, products: 6, orders: 30 });
    await catchUpLive(db, store);
    live = await tableChecksums(db, analyticsProjection);
    env = { DATABASE_URL: database.url, DATA_DIR: `/tmp/shopstream-cli-${randomUUID()}` };
  });
  afterAll(async () => {
    await store?.close();
    await db?.destroy();
    await database?.drop();
  });

  const buckets = async (): Promise<Date[]> =>
    (await db('analytics_hourly').orderBy('bucket').pluck('bucket')) as Date[];

  it('recomputes the whole range into exactly what the live projection computed', async () => {
    expect((await buckets()).length).toBeGreaterThan(3);
    await db('analytics_hourly').delete();
    await db('analytics_product_hourly').delete();
    await db('analytics_products').delete();
    expect(await tableChecksums(db, analyticsProjection)).not.toEqual(live);

    const result = await runCli(['analytics', 'backfill'], env);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^backfilling analytics from the first event to /m);
    expect(result.stderr).toMatch(/^reading events: [\d,]+ events, [\d,]+ events\/s, /m);
    expect(result.stdout).toMatch(
      /^backfilled analytics from the first event to the projection’s checkpoint: [\d,]+ hourly buckets? written from [\d,]+ of [\d,]+ events read\nconsistent with position \d+-\d+; took /,
    );
    expect(await tableChecksums(db, analyticsProjection)).toEqual(live);
  });

  it('repairs a damaged bucket inside the window and touches nothing outside it', async () => {
    const all = await buckets();
    const inside = all[Math.floor(all.length / 2)];
    const outside = all[Math.floor(all.length / 2) + 1];
    const row = (bucket: Date) => db('analytics_hourly').where({ bucket }).first();
    const [insideBefore, outsideBefore] = [await row(inside), await row(outside)];
    await db('analytics_hourly').whereIn('bucket', [inside, outside]).increment('orders_placed', 7);

    // Half an hour into the bucket: the window widens to the whole hour.
    const to = new Date(inside.getTime() + HOUR / 2).toISOString();
    const result = await runCli(
      ['analytics', 'backfill', '--from', inside.toISOString(), '--to', to],
      env,
    );

    expect(result.stderr).not.toContain('shopstream:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `backfilled analytics from ${inside.toISOString()} to ${new Date(inside.getTime() + HOUR).toISOString()} (widened to whole hours): 1 hourly bucket written`,
    );
    expect(await row(inside)).toEqual(insideBefore);
    expect(await row(outside)).toEqual({
      ...outsideBefore,
      orders_placed: (outsideBefore as { orders_placed: number }).orders_placed + 7,
    });

    expect((await runCli(['analytics', 'backfill', '--from', '2025-03-01'], env)).code).toBe(0);
    expect(await tableChecksums(db, analyticsProjection)).toEqual(live);
  });

  it.each([
    [
      ['--from', 'yesterday'],
      'shopstream: --from must be an ISO 8601 date (2025-05-01) or date-time',
    ],
    [['--to', '2025-02-30'], 'shopstream: --to must be an ISO 8601 date (2025-05-01) or date-time'],
    [
      ['--from', '2025-03-02', '--to', '2025-03-01T23:00:00Z'],
      'shopstream: --from must be before --to',
    ],
  ])('refuses %j in one line naming the option', async (args, message) => {
    const result = await runCli(['analytics', 'backfill', ...args], env);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([expect.stringContaining(message), '']);
    expect(result.stderr.startsWith(message)).toBe(true);
  });

  it('explains itself in --help', async () => {
    const help = await runCli(['analytics', 'backfill', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from <date>');
    expect(help.stdout).toContain('--to <date>');
  });
});
