import { type Knex } from 'knex';
import { ConfigError } from '../platform/config/config-error';
import { type DatabaseConfig } from '../platform/config/config';
import { migrateToLatest, pendingMigrations } from '../platform/read-model-db/migrations';
import { allProjections } from '.';
import { readModelMigrations } from './migrations';
import { ensureProjection } from './runtime/checkpoints';

/**
 * `shopstream migrate`: the bookkeeping tables (knex migrations), then every projection's live
 * tables and views where they do not exist yet. Returns what it did, one line each.
 */
export async function migrateReadModels(db: Knex): Promise<string[]> {
  const applied = await migrateToLatest(db, readModelMigrations);
  const lines = applied.map((name) => `applied ${name}`);
  for (const projection of allProjections) {
    const before = await db('projection_checkpoints').where({ name: projection.name }).first();
    await ensureProjection(db, projection);
    if (!before) lines.push(`created the tables of projection ${projection.name}`);
  }
  return lines.length === 0 ? ['schema up to date'] : lines;
}

/** For processes that read or build read models: refuse to start on an unmigrated schema. */
export async function assertReadModelsMigrated(db: Knex, config: DatabaseConfig): Promise<void> {
  const pending = await pendingMigrations(db, readModelMigrations);
  if (pending.length > 0) {
    throw new ConfigError(
      config.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR',
      `the read-model schema is not migrated (${pending.length} pending): run \`shopstream migrate\``,
    );
  }
  for (const projection of allProjections) await ensureProjection(db, projection);
}
