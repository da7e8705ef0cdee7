import { type Knex } from 'knex';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { comparePositions, START_POSITION } from '../../platform/event-store/position-codec';
import { type EventStore } from '../../platform/event-store/port';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { allProjections } from '../../projections';
import { migrateReadModels } from '../../projections/read-model-schema';
import { readCheckpoints } from '../../projections/runtime/checkpoints';
import { physicalTable } from '../../projections/runtime/tables';
import { tableChecksums } from '../../projections/test-support/projection-fixture.testing';
import { createTestDatabase, type TestDatabase } from '../harness';
import { waitUntilProjected } from '../../projections/test-support/wait-until-projected.testing';

/** Helpers the system tests share: a fresh database, checksums, and waiting for the head. */

export type Stores = Readonly<{
  database: TestDatabase;
  /** The read models (migrated), on the same database as the events. */
  db: Knex;
  store: EventStore;
  close(): Promise<void>;
}>;

export async function openStores(prefix: string): Promise<Stores> {
  const database = await createTestDatabase(prefix);
  const db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 6 });
  const store = createPostgresEventStore({ connectionString: database.url, poolSize: 8 });
  await store.ensureSchema();
  await migrateReadModels(db);
  return {
    database,
    db,
    store,
    async close() {
      await store.close();
      await db.destroy();
      await database.drop();
    },
  };
}

export type Checksums = Record<string, Record<string, string>>;

/** `rows:md5` of every table of every projection, by projection and logical table name. */
export async function checksumsOfAll(db: Knex): Promise<Checksums> {
  const sums: Checksums = {};
  for (const projection of allProjections) {
    sums[projection.name] = await tableChecksums(db, projection);
  }
  return sums;
}

/** The row count part of each checksum, by logical table name. */
export function rowCounts(sums: Checksums): Record<string, number> {
  return Object.fromEntries(
    Object.values(sums).flatMap((tables) =>
      Object.entries(tables).map(([table, sum]) => [table, Number(sum.split(':')[0])]),
    ),
  );
}

export async function generations(db: Knex): Promise<Record<string, number>> {
  const checkpoints = await readCheckpoints(db);
  return Object.fromEntries(checkpoints.map((c) => [c.name, c.generation]));
}

/** The live physical table behind a logical one (`orders_history` → `orders_history__g2`). */
export async function livePhysicalTable(db: Knex, logical: string): Promise<string> {
  const projection = allProjections.find((p) => logical in p.tables);
  if (!projection) throw new Error(`no projection has a table ${logical}`);
  const live = await generations(db);
  return physicalTable(logical, live[projection.name]);
}

/** Every projection's checkpoint, or null where there is none yet. */
export async function checkpointPositions(db: Knex): Promise<Record<string, string | null>> {
  const checkpoints = await readCheckpoints(db);
  return Object.fromEntries(checkpoints.map((c) => [c.name, c.position]));
}

/** Events stored after the checkpoint of the projection that is furthest behind. */
export async function maxLag(db: Knex, store: EventStore): Promise<number> {
  const positions = Object.values(await checkpointPositions(db));
  if (positions.length < allProjections.length) return Number.POSITIVE_INFINITY;
  const slowest = positions.reduce<string>(
    (min, p) => (comparePositions(p ?? START_POSITION, min) < 0 ? (p ?? START_POSITION) : min),
    positions[0] ?? START_POSITION,
  );
  return store.countEventsAfter(slowest === START_POSITION ? undefined : slowest);
}

/**
 * Resolves once every projection's checkpoint has reached `lastWritten` (the position the last
 * append returned) and the head. Not the head alone: `headPosition()` is the last position
 * readers may pass, and a projection batch in flight (its transaction holds an older xid) keeps
 * an append that already committed out of it for a moment, so "caught up with the head" read
 * right after a workload can come before the workload's last events are applied.
 */
export function waitUntilCaughtUp(
  db: Knex,
  store: EventStore,
  lastWritten: string,
  timeoutMs = 60_000,
): Promise<void> {
  return waitUntilProjected(db, store, {
    count: allProjections.length,
    atLeast: lastWritten,
    timeoutMs,
  });
}

/** Polls `condition` every 10 ms; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
