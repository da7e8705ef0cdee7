import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { openMemoryCoordination } from '../../platform/coordination';
import { createPgliteEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import {
  type MigratedDatabase,
  migratedPglite,
} from '../../test/support/read-model-databases.testing';
import { runsOnPglite } from '../../platform/read-model-db/pglite-knex-client';
import { FAST_RUNNER, rename, testLogger } from '../test-support/runner.testing';
import { readCheckpoint } from './checkpoints';
import { startProjectionWorker } from './projection-worker';
import { rebuildProjections } from './rebuild';
import { toyProjection } from './toy-projection.testing';

/**
 * The embedded default: the event store and the read models share PGlite's one connection, so
 * the swap cannot read events inside its locked transaction; it catches up outside and retries.
 */
describe('rebuild on the embedded database (PGlite)', () => {
  let database: MigratedDatabase;
  let db: Knex;
  let store: EventStore;

  beforeAll(async () => {
    database = await migratedPglite();
    db = database.db;
    store = createPgliteEventStore(database.pglite!);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await database.close();
  });

  it('rebuilds and swaps while a live worker applies appends made during the rebuild', async () => {
    expect(runsOnPglite(db)).toBe(true);
    const toy = toyProjection();
    const user = randomUUID();
    const events = Array.from({ length: 300 }, (_, i) => rename(user, `h${i}`));
    await appendDomainEvents(store, `user-${user}`, events);
    const coordination = openMemoryCoordination();
    const worker = await startProjectionWorker({
      db,
      store,
      coordination,
      logger: testLogger,
      projections: [toy],
      settings: FAST_RUNNER,
    });
    try {
      let during = 0;
      await rebuildProjections([toy], {
        db,
        store,
        leases: coordination.leases,
        ownerId: 'rebuilder',
        batchSize: 50,
        applySize: 50,
        async onProgress({ phase }) {
          if (phase !== 'replay') return;
          await appendDomainEvents(store, `user-${user}`, [rename(user, `d${during++}`)]);
        },
      });
      const checkpoint = await readCheckpoint(db, 'toy');
      expect(checkpoint).toMatchObject({ generation: 2, rebuildGeneration: null });
      const row = (await db('toy_counts').where({ user_id: user }).first()) as { renames: number };
      expect(during).toBeGreaterThan(1);
      expect(row.renames).toBe(300 + during);
    } finally {
      await worker.stop();
      await coordination.close();
    }
  });
});
