import { type Knex } from 'knex';
import { type DomainEvent } from '../../domain/event-schemas';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { openMemoryCoordination } from '../../platform/coordination';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { migrateToLatest } from '../../platform/read-model-db/migrations';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { createTestDatabase } from '../../test/harness';
import { readModelMigrations } from '../migrations';
import { applyLiveBatch } from '../runtime/apply-batch';
import { ensureProjection, readCheckpoint } from '../runtime/checkpoints';
import { parkedEventIds } from '../runtime/dead-letters';
import { type Projection } from '../runtime/projection';
import { rebuildProjections } from '../runtime/rebuild';

export type ProjectionFixture = Readonly<{
  /** A fresh, migrated Postgres database (the harness's server). */
  db: Knex;
  /** Its connection string, for a second pool (as another process would open). */
  url: string;
  /** The Postgres event store, in the same database. */
  store: EventStore;
  /** Appends domain events to a stream (expected 'any'); returns the last one's position. */
  append(
    streamName: string,
    events: readonly DomainEvent[],
    options?: { at?: string; userId?: string | null },
  ): Promise<string>;
  /** Applies every stored event not applied yet, through the live path (batches + checkpoint). */
  catchUp(options?: { batchSize?: number }): Promise<void>;
  /** Rebuilds into a fresh generation and swaps it in (what `projections rebuild` does). */
  rebuild(): Promise<void>;
  /** An md5 of every row of every table of the live generation, by logical table name. */
  checksums(projection: Projection): Promise<Record<string, string>>;
  close(): Promise<void>;
}>;

export async function createProjectionFixture(
  projections: readonly Projection[],
): Promise<ProjectionFixture> {
  const database = await createTestDatabase('projections');
  const db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 4 });
  await migrateToLatest(db, readModelMigrations);
  const store = createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
  await store.ensureSchema();
  const coordination = openMemoryCoordination();
  for (const projection of projections) await ensureProjection(db, projection);

  return {
    db,
    url: database.url,
    store,
    async append(streamName, events, options = {}) {
      return (await appendDomainEvents(store, streamName, events, options)).position;
    },
    async catchUp(options = {}) {
      for (const projection of projections) {
        const checkpoint = await readCheckpoint(db, projection.name);
        if (!checkpoint) throw new Error(`no checkpoint for ${projection.name}`);
        const parked = await parkedEventIds(db, projection.name);
        let expected = checkpoint.position;
        for await (const batch of store.readAll({
          fromPosition: expected ?? undefined,
          batchSize: options.batchSize ?? 500,
        })) {
          expected = await applyLiveBatch(
            db,
            { projection, generation: checkpoint.generation, expected, fence: checkpoint.fence },
            batch,
            parked,
          );
        }
      }
    },
    async rebuild() {
      await rebuildProjections(projections, {
        db,
        store,
        leases: coordination.leases,
        ownerId: 'fixture',
      });
    },
    checksums: (projection) => tableChecksums(db, projection),
    async close() {
      await coordination.close();
      await store.close();
      await db.destroy();
      await database.drop();
    },
  };
}

/** Row count and an md5 over every row's text, in a fixed order, per logical table (view). */
export async function tableChecksums(
  db: Knex,
  projection: Projection,
): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of Object.keys(projection.tables).sort()) {
    const { rows } = (await db.raw(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum
         FROM ?? t`,
      [table],
    )) as { rows: { rows: string; sum: string }[] };
    sums[table] = `${rows[0].rows}:${rows[0].sum}`;
  }
  return sums;
}
