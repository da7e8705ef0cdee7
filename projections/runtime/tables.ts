import { type Knex } from 'knex';
import { type Projection } from './projection';

/**
 * A projection's tables exist once per generation (`catalog_products__g2`); readers use views
 * with the logical names (`catalog_products`) that point at the live generation. A rebuild fills
 * the next generation while the views keep serving the old one, then repoints every view and the
 * checkpoint in one transaction: readers see the old tables or the new ones, never a mix or a gap.
 */
export function physicalTable(logical: string, generation: number): string {
  return `${logical}__g${generation}`;
}

export function tableNamer(projection: Projection, generation: number): (name: string) => string {
  return (name) => {
    if (!(name in projection.tables)) {
      throw new Error(`projection ${projection.name} has no table "${name}"`);
    }
    return physicalTable(name, generation);
  };
}

/**
 * Creates the generation's tables, replacing leftovers of an interrupted earlier attempt; with
 * `indexes: false`, only their primary keys (a rebuild adds the rest with `createIndexes`).
 */
export async function createGeneration(
  db: Knex | Knex.Transaction,
  projection: Projection,
  generation: number,
  options: Readonly<{ indexes: boolean }> = { indexes: true },
): Promise<void> {
  await dropGeneration(db, projection, generation);
  for (const [logical, definition] of Object.entries(projection.tables)) {
    await definition.create(db as Knex, physicalTable(logical, generation));
  }
  if (options.indexes) await createIndexes(db, projection, generation);
}

/**
 * Builds the secondary indexes of the generation's tables. `concurrently` (a rebuild, on
 * PostgreSQL): a plain CREATE INDEX holds a transaction id while it sorts the table, and no
 * subscriber in the cluster reads past it meanwhile; CONCURRENTLY takes one only to commit.
 */
export async function createIndexes(
  db: Knex | Knex.Transaction,
  projection: Projection,
  generation: number,
  options: Readonly<{ concurrently: boolean }> = { concurrently: false },
): Promise<void> {
  const create = options.concurrently ? 'CREATE INDEX CONCURRENTLY ON' : 'CREATE INDEX ON';
  for (const [logical, definition] of Object.entries(projection.tables)) {
    const table = physicalTable(logical, generation);
    await definition.indexes?.(async (rest, identifiers = []) => {
      await db.raw(`${create} ?? ${rest}`, [table, ...identifiers]);
    });
  }
}

export async function dropGeneration(
  db: Knex | Knex.Transaction,
  projection: Projection,
  generation: number,
): Promise<void> {
  for (const logical of Object.keys(projection.tables)) {
    await db.raw('DROP TABLE IF EXISTS ?? CASCADE', [physicalTable(logical, generation)]);
  }
}

/**
 * Points the logical views at a generation. Dropped and recreated rather than replaced, since a
 * new projection version may change columns; inside the caller's transaction this is atomic.
 */
export async function pointViews(
  tx: Knex.Transaction,
  projection: Projection,
  generation: number,
): Promise<void> {
  for (const logical of Object.keys(projection.tables)) {
    await tx.raw('DROP VIEW IF EXISTS ??', [logical]);
    await tx.raw('CREATE VIEW ?? AS SELECT * FROM ??', [
      logical,
      physicalTable(logical, generation),
    ]);
  }
}

/**
 * Generations of this projection's tables other than `keep` (left by a crashed rebuild or an
 * interrupted drop), by generation number.
 */
export async function strayGenerations(
  db: Knex | Knex.Transaction,
  projection: Projection,
  keep: readonly number[],
): Promise<number[]> {
  const found = new Set<number>();
  for (const logical of Object.keys(projection.tables)) {
    const { rows } = (await db.raw(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ?`,
      [`${logical.replace(/_/g, '\\_')}\\_\\_g%`],
    )) as { rows: { tablename: string }[] };
    for (const { tablename } of rows) {
      const generation = Number(tablename.slice(logical.length + 3));
      if (Number.isInteger(generation) && !keep.includes(generation)) found.add(generation);
    }
  }
  return [...found].sort((a, b) => a - b);
}
