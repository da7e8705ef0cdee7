import { type Knex } from 'knex';

/**
 * One step of the read-model schema. Migrations are code, not a folder of files, so the same
 * list runs from the TypeScript sources (tests) and from dist/ (production).
 */
export type Migration = Readonly<{
  /** Forever: recorded in the migrations table once applied. Names sort in apply order. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}>;

/** Where knex records which migrations ran (and its lock beside it, `..._lock`). */
export const MIGRATIONS_TABLE = 'read_model_migrations';

/** Applies every migration not yet applied, all in one transaction; returns their names. */
export async function migrateToLatest(
  db: Knex,
  migrations: readonly Migration[],
): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig(migrations))) as [number, string[]];
  return applied;
}

/** Undoes the last batch of applied migrations (or all); returns their names. */
export async function rollbackMigrations(
  db: Knex,
  migrations: readonly Migration[],
  all = false,
): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(migratorConfig(migrations), all)) as [
    number,
    string[],
  ];
  return undone;
}

function migratorConfig(migrations: readonly Migration[]): Knex.MigratorConfig {
  assertOrdered(migrations);
  const source: Knex.MigrationSource<Migration> = {
    getMigrations: async () => [...migrations],
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => ({ up: migration.up, down: migration.down }),
  };
  return { migrationSource: source, tableName: MIGRATIONS_TABLE };
}

/** knex applies the list in its given order; names must agree with it and never repeat. */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && !(previous.name < migration.name)) {
      throw new Error(
        `read-model migrations out of order: "${migration.name}" must sort after "${previous.name}"`,
      );
    }
  });
}

/**
 * Names of migrations not applied yet (all of them when the schema was never migrated). Processes
 * check this at start so a missing `shopstream migrate` is one clear line, not failing queries.
 */
export async function pendingMigrations(
  db: Knex,
  migrations: readonly Migration[],
): Promise<string[]> {
  const exists = await db.schema.hasTable(MIGRATIONS_TABLE);
  const applied = new Set<string>(
    exists ? ((await db(MIGRATIONS_TABLE).pluck('name')) as string[]) : [],
  );
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}
