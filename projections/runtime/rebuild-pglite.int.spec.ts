import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PGlite as PGliteInstance } from '@electric-sql/pglite';
import { type Knex } from 'knex';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { openMemoryCoordination } from '../../platform/coordination';
import { createPgliteEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { PGlite } from '../../platform/event-store/test-support/load-pglite';
import { migrateToLatest } from '../../platform/read-model-db/migrations';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { runsOnPglite } from '../../platform/read-model-db/pglite-knex-client';
import { readModelMigrations } from '../migrations';
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
  let dir: string;
  let pglite: PGliteInstance;
  let db: Knex;
  let store: EventStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shopstream-rebuild-'));
    pglite = await PGlite.create(dir);
    store = createPgliteEventStore(pglite);
    await store.ensureSchema();
    db = await openReadModelDb({ kind: 'pglite', dataDir: dir }, { pglite });
    await migrateToLatest(db, readModelMigrations);
  });
  afterAll(async () => {
    await db.destroy();
    await store.close();
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
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
