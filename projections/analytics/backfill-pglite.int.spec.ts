import { type Knex } from 'knex';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { createPgliteEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import {
  type MigratedDatabase,
  migratedPglite,
} from '../../test/support/read-model-databases.testing';
import { applyLiveBatch } from '../runtime/apply-batch';
import { ensureProjection, readCheckpoint } from '../runtime/checkpoints';
import { tableChecksums } from '../test-support/projection-fixture.testing';
import { backfillAnalytics } from './backfill';
import { analyticsProjection } from './index';
import { type WorkloadAppend, shopWorkload } from './workload.testing';

/**
 * The embedded default: the event store and the read models share PGlite's one connection, so a
 * backfill that read events inside its read-model transaction would wait on itself forever.
 */
describe('analytics backfill on the embedded database (PGlite)', () => {
  let database: MigratedDatabase;
  let db: Knex;
  let store: EventStore;

  beforeAll(async () => {
    database = await migratedPglite();
    db = database.db;
    store = createPgliteEventStore(database.pglite!);
    await store.ensureSchema();
    await ensureProjection(db, analyticsProjection);
  });

  afterAll(async () => {
    await store.close();
    await database.close();
  });

  async function append(appends: readonly WorkloadAppend[]): Promise<void> {
    for (const { stream, events, at } of appends) {
      if (events.length === 0) continue;
      await appendDomainEvents(store, stream, events, { at });
    }
  }

  /** The live path: batches applied with the checkpoint's compare-and-set. */
  async function catchUp(): Promise<void> {
    const checkpoint = (await readCheckpoint(db, analyticsProjection.name))!;
    let expected = checkpoint.position;
    for await (const batch of store.readAll({
      fromPosition: expected ?? undefined,
      batchSize: 64,
    })) {
      const target = { projection: analyticsProjection, generation: 1, expected, fence: 0n };
      expected = await applyLiveBatch(db, target, batch, new Set());
    }
  }

  it('reproduces the live tables, also when the projection moves on during the read', async () => {
    await append(shopWorkload({ seed: 3, orders: 150, users: 20, products: 8 }));
    await catchUp();
    const live = await tableChecksums(db, analyticsProjection);

    const result = await backfillAnalytics(db, store);
    expect(await tableChecksums(db, analyticsProjection)).toEqual(live);
    expect(result.eventsApplied).toBeGreaterThan(400);

    // Late events arrive and are applied while the backfill reads: it must fold them in.
    const late = shopWorkload({ seed: 4, orders: 20, users: 3, products: 2 }).map((a) => ({
      ...a,
      stream: `${a.stream}-late`,
    }));
    let raced = false;
    const racing = new Proxy(store, {
      get(target, property) {
        if (property !== 'readAll') {
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async function* (options: Parameters<EventStore['readAll']>[0]) {
          for await (const batch of target.readAll(options)) {
            yield batch;
            if (!raced) {
              raced = true;
              await append(late);
              await catchUp();
            }
          }
        };
      },
    });
    const before = await tableChecksums(db, analyticsProjection);
    await backfillAnalytics(db, racing, { from: new Date('2025-03-01T00:00:00Z') });
    const after = await tableChecksums(db, analyticsProjection);
    expect(raced).toBe(true);
    expect(after).not.toEqual(before);
    // The same as the live projection alone computes: a second, undisturbed backfill agrees.
    await backfillAnalytics(db, store);
    expect(await tableChecksums(db, analyticsProjection)).toEqual(after);
  });
});
