import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PGlite as PGliteInstance } from '@electric-sql/pglite';
import { type Knex } from 'knex';
import { readModelMigrations } from '../../projections/migrations';
import { createTestDatabase } from '../harness';
import { PGlite } from '../../platform/event-store/test-support/load-pglite';
import { migrateToLatest } from '../../platform/read-model-db/migrations';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';

/** A migrated read-model database for one test file (the bus's log and offsets live there too). */
export type MigratedDatabase = Readonly<{
  db: Knex;
  /** Postgres: its URL, for a second handle (another "process"). */
  url?: string;
  /** PGlite: the instance, for an event store sharing it. */
  pglite?: PGliteInstance;
  close(): Promise<void>;
}>;

export async function migratedPostgres(label: string): Promise<MigratedDatabase> {
  const database = await createTestDatabase(label);
  const db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 6 });
  await migrateToLatest(db, readModelMigrations);
  return {
    db,
    url: database.url,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

export async function migratedPglite(): Promise<MigratedDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shopstream-pglite-'));
  const pglite = await PGlite.create(dir);
  const db = await openReadModelDb({ kind: 'pglite', dataDir: dir }, { pglite });
  await migrateToLatest(db, readModelMigrations);
  return {
    db,
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
