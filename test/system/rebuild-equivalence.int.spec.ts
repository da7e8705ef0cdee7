import { pino } from 'pino';
import { openMemoryCoordination } from '../../platform/coordination';
import { type Coordination } from '../../platform/coordination/ports';
import { allProjections } from '../../projections';
import { backfillAnalytics } from '../../projections/analytics/backfill';
import {
  type ProjectionWorker,
  startProjectionWorker,
} from '../../projections/runtime/projection-worker';
import { rebuildProjections } from '../../projections/runtime/rebuild';
import {
  type Checksums,
  checksumsOfAll,
  generations,
  livePhysicalTable,
  openStores,
  rowCounts,
  type Stores,
  waitUntilCaughtUp,
} from './stores.testing';
import { type WorkloadResult, writeWorkload } from './workload.testing';

/**
 * Equivalence (issue 5): the live worker follows a workload of several thousand events written by
 * concurrent writers, in small batches cut wherever commits happened to land; a rebuild replays
 * the same events from the first one in large batches. Every table of every read model must come
 * out identical, and so must the analytics tables recomputed by a backfill.
 */
describe('rebuild and backfill equivalence', () => {
  let stores: Stores;
  let coordination: Coordination;
  let worker: ProjectionWorker | undefined;
  let workload: WorkloadResult;
  let live: Checksums;
  let liveIndexes: Record<string, string[]>;

  const rebuildAll = (retained: { retainedRows?: number; retainedBytes?: number } = {}) =>
    rebuildProjections(allProjections, {
      db: stores.db,
      store: stores.store,
      leases: coordination.leases,
      ownerId: 'equivalence-test',
      ...retained,
    });

  /** Each live table's indexes, as definitions without their (generation-specific) names. */
  async function indexesOfAll(): Promise<Record<string, string[]>> {
    const indexes: Record<string, string[]> = {};
    for (const logical of allProjections.flatMap((p) => Object.keys(p.tables))) {
      const table = await livePhysicalTable(stores.db, logical);
      const { rows } = (await stores.db.raw(
        'SELECT indexdef FROM pg_indexes WHERE tablename = ? ORDER BY indexdef',
        [table],
      )) as { rows: { indexdef: string }[] };
      indexes[logical] = rows
        .map(({ indexdef }) => indexdef.replace(/INDEX \S+ ON \S+ /, 'INDEX ON ? '))
        .sort();
    }
    return indexes;
  }

  /** Deletes one row of every table of `projection` (any row: the checksum must notice). */
  async function damage(projection: string): Promise<void> {
    const tables = Object.keys(allProjections.find((p) => p.name === projection)!.tables);
    for (const logical of tables) {
      const table = await livePhysicalTable(stores.db, logical);
      await stores.db.raw('DELETE FROM ?? WHERE ctid = (SELECT ctid FROM ?? LIMIT 1)', [
        table,
        table,
      ]);
    }
  }

  beforeAll(async () => {
    stores = await openStores('system_equivalence');
    coordination = openMemoryCoordination();
    worker = await startProjectionWorker({
      db: stores.db,
      store: stores.store,
      coordination,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      projections: allProjections,
      // Small batches: the live run cuts the history very differently from a rebuild.
      settings: { batchSize: 40, retryInitialMs: 20, retryMaxMs: 200 },
    });
    workload = await writeWorkload(stores.store, { seed: 7, concurrency: 6, orders: 420 });
    await waitUntilCaughtUp(stores.db, stores.store, workload.lastPosition);
    live = await checksumsOfAll(stores.db);
    liveIndexes = await indexesOfAll();
  });
  afterAll(async () => {
    await worker?.stop();
    await coordination?.close();
    await stores?.close();
  });

  it('wrote a realistic workload that fills every table', () => {
    expect(workload.events).toBeGreaterThanOrEqual(5_000);
    // Every way an order can go, and every kind of mail outcome, is in the history.
    for (const type of [
      'OrderRejected',
      'OrderExpired',
      'OrderCancelled',
      'OrderDelivered',
      'StockReservationFailed',
      'LowStockDetected',
      'ProductDiscontinued',
      'UserRenamed',
      'UserRoleGranted',
      'NotificationAttemptFailed',
    ]) {
      expect({ type, seen: (workload.eventTypes[type] ?? 0) > 0 }).toEqual({ type, seen: true });
    }
    for (const [table, rows] of Object.entries(rowCounts(live))) {
      expect({ table, empty: rows === 0 }).toEqual({ table, empty: false });
    }
  });

  it('rebuilds every read model into new tables identical to the live ones', async () => {
    const before = await generations(stores.db);
    await rebuildAll();
    expect(await checksumsOfAll(stores.db)).toEqual(live);
    const after = await generations(stores.db);
    for (const projection of allProjections) {
      expect({ [projection.name]: after[projection.name] }).toEqual({
        [projection.name]: before[projection.name] + 1,
      });
    }
  });

  it('builds every index the live tables have, after the replay', async () => {
    // The tables a rebuild fills start with their primary keys only.
    expect(Object.values(liveIndexes).flat().length).toBeGreaterThan(
      Object.keys(liveIndexes).length,
    );
    expect(await indexesOfAll()).toEqual(liveIndexes);
  });

  it.each([
    ['rows', { retainedRows: 20 }],
    ['bytes', { retainedBytes: 8_000 }],
  ])(
    'comes out the same when the replay keeps only a few rows of each table in memory (by %s)',
    async (_bound, retained) => {
      // Forgotten rows are written and, touched again, read back: a product, an order or a mail
      // is then written several times, and must still end as the live runner left it.
      await rebuildAll(retained);
      expect(await checksumsOfAll(stores.db)).toEqual(live);
    },
  );

  it('notices one missing row in any table, and a rebuild restores it from the events', async () => {
    for (const projection of allProjections) await damage(projection.name);
    const damaged = await checksumsOfAll(stores.db);
    for (const [name, tables] of Object.entries(damaged)) {
      for (const [table, sum] of Object.entries(tables)) {
        expect({ table, sum }).not.toEqual({ table, sum: live[name][table] });
      }
    }
    await rebuildAll();
    expect(await checksumsOfAll(stores.db)).toEqual(live);
  });

  it('recomputes the analytics tables exactly with a backfill over the whole range', async () => {
    await damage('analytics');
    const hourly = await livePhysicalTable(stores.db, 'analytics_hourly');
    // A bucket the events never produced must go too.
    const [row] = (await stores.db(hourly).select('*').limit(1)) as Record<string, unknown>[];
    await stores.db(hourly).insert({ ...row, bucket: '1999-01-01T00:00:00.000Z' });
    expect((await checksumsOfAll(stores.db)).analytics).not.toEqual(live.analytics);

    const result = await backfillAnalytics(stores.db, stores.store);
    expect(result.eventsApplied).toBeGreaterThan(1_000);
    expect((await checksumsOfAll(stores.db)).analytics).toEqual(live.analytics);
    // Idempotent: a second run changes nothing.
    await backfillAnalytics(stores.db, stores.store);
    expect((await checksumsOfAll(stores.db)).analytics).toEqual(live.analytics);
  });

  it('backfills one window and leaves the buckets outside it alone', async () => {
    const hourly = await livePhysicalTable(stores.db, 'analytics_hourly');
    const buckets = (await stores.db(hourly).orderBy('bucket').pluck('bucket')) as Date[];
    const inside = buckets[Math.floor(buckets.length / 2)];
    const outside = buckets[0];
    await stores.db(hourly).whereIn('bucket', [inside, outside]).delete();
    const to = new Date(inside.getTime() + 3_600_000);
    await backfillAnalytics(stores.db, stores.store, { from: inside, to });
    const left = (await stores
      .db(hourly)
      .whereIn('bucket', [inside, outside])
      .pluck('bucket')) as Date[];
    expect(left.map((bucket) => bucket.toISOString())).toEqual([inside.toISOString()]);
    await backfillAnalytics(stores.db, stores.store, {});
    expect((await checksumsOfAll(stores.db)).analytics).toEqual(live.analytics);
  });
});
