import { type Knex } from 'knex';
import { insertRows } from './json-rows';

type Row = Record<string, unknown>;

/** PostgreSQL takes at most 65,535 parameters per statement; stay well under it. */
const MAX_PARAMETERS = 30_000;

/**
 * Load, change in memory, write back: how a projection applies a whole batch with a handful of
 * statements instead of one or more per event. `load` fetches the rows the batch touches with one
 * select; the handlers read and replace them in memory; `flush` writes the changed ones with one
 * upsert per chunk and removes the deleted ones with one delete.
 *
 * Rows are written as JSON (json-rows.ts): times as ISO text, json/jsonb columns as their
 * JavaScript values (as loaded), never as JSON text (it would be stored as a JSON string).
 */
export class RowBatch<R extends Row> {
  /** By key, in the order first loaded or set (a rebuild's `RetainedRowBatch` evicts the oldest). */
  protected readonly rows = new Map<string, R | null>();
  protected readonly dirty = new Set<string>();
  /** The key tuples of rows deleted and not written yet (an id cannot always be read back). */
  private readonly deletedKeys = new Map<string, readonly unknown[]>();

  constructor(
    protected db: Knex.Transaction,
    private readonly table: string,
    private readonly keyColumns: readonly (keyof R & string)[],
  ) {}

  /** Fetches the rows with these keys (each a tuple in `keyColumns` order) not loaded yet. */
  async load(keys: Iterable<readonly unknown[]>): Promise<void> {
    const missing = new Map<string, readonly unknown[]>();
    for (const key of keys) {
      const id = this.id(key);
      if (!this.rows.has(id)) missing.set(id, key);
    }
    if (missing.size === 0) return;
    for (const id of missing.keys()) this.rows.set(id, null);
    const tuples = [...missing.values()];
    const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / this.keyColumns.length));
    for (let start = 0; start < tuples.length; start += perChunk) {
      const chunk = tuples.slice(start, start + perChunk);
      const found: R[] =
        this.keyColumns.length === 1
          ? await this.db(this.table).whereIn(
              this.keyColumns[0],
              chunk.map((key) => key[0]) as Knex.Value[],
            )
          : await this.db(this.table).whereIn(
              [...this.keyColumns],
              chunk as unknown as Knex.Value[][],
            );
      for (const row of found) this.rows.set(this.rowId(row), row);
    }
  }

  /** The row as changed so far in this batch; undefined when absent (or not loaded). */
  get(...key: unknown[]): R | undefined {
    return this.rows.get(this.id(key)) ?? undefined;
  }

  set(row: R): void {
    const id = this.rowId(row);
    this.rows.set(id, row);
    this.dirty.add(id);
  }

  /** Changes a loaded row; does nothing when it is absent. */
  update(key: readonly unknown[], change: (row: R) => R): void {
    const row = this.get(...key);
    if (row) this.set(change(row));
  }

  delete(...key: unknown[]): void {
    const id = this.id(key);
    this.rows.set(id, null);
    this.dirty.add(id);
    this.deletedKeys.set(id, key);
  }

  /** Writes every changed row; the batch can go on being used afterwards. */
  async flush(): Promise<void> {
    await this.write([...this.dirty]);
  }

  /** Writes these rows (those of them changed) as they are now. */
  protected async write(ids: readonly string[]): Promise<void> {
    const upserts: R[] = [];
    const deletes: unknown[][] = [];
    for (const id of ids) {
      if (!this.dirty.delete(id)) continue;
      const row = this.rows.get(id);
      const deleted = this.deletedKeys.get(id);
      this.deletedKeys.delete(id);
      if (row) upserts.push(row);
      else if (deleted) deletes.push([...deleted]);
    }
    await insertRows(this.db, this.table, upserts, { keys: this.keyColumns, update: 'replace' });
    if (deletes.length > 0) {
      await this.db(this.table)
        .whereIn([...this.keyColumns], deletes as Knex.Value[][])
        .delete();
    }
  }

  private rowId(row: R): string {
    return this.id(this.keyColumns.map((column) => row[column]));
  }

  /**
   * A key's map entry. A one-column text key is its own id (the usual case: a uuid), which spares
   * a `JSON.stringify` per lookup; anything else is JSON, dates as ISO text.
   */
  protected id(key: readonly unknown[]): string {
    if (this.keyColumns.length === 1 && typeof key[0] === 'string') return key[0];
    return JSON.stringify(key.map((part) => (part instanceof Date ? part.toISOString() : part)));
  }
}

/**
 * Adds counters into rows keyed by `keyColumns` (analytics buckets): one
 * `INSERT ... ON CONFLICT DO UPDATE SET c = t.c + excluded.c` per chunk, so the batch's own
 * sums are folded in memory first and concurrent writers never lose an increment.
 */
export async function addCounters(
  db: Knex.Transaction,
  table: string,
  keyColumns: readonly string[],
  counterColumns: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  await insertRows(db, table, rows, { keys: keyColumns, update: 'add', columns: counterColumns });
}
