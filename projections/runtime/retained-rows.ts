import { type Knex } from 'knex';
import { RowBatch } from './row-batch';

type Row = Record<string, unknown>;

/** What one table of a rebuild may keep in memory: at most `rows` rows, of about `bytes` in all. */
export type RetainedLimits = Readonly<{
  rows: number;
  /** Measured as the rows' JSON (what they cost to write): the heap holds a small multiple. */
  bytes: number;
}>;

/** Rows sampled per flush to estimate a row's size: enough to average, too few to cost. */
const SAMPLED_ROWS = 16;

/**
 * A rebuild's `RowBatch` for one table, kept from one replay transaction to the next. The
 * generation being rebuilt starts empty and no one else writes it until the swap, so the rows
 * the replay made are all here: a row is written once, when it leaves memory, instead of once
 * per transaction that touched it (a product's stock, an order's status), and a key never seen
 * is known to be absent without a select.
 *
 * Memory is bounded: past `limits.rows` rows, or past `limits.bytes` at the rows' sampled size
 * (an order with its lines is several times a product's stock row), the ones held longest are
 * written (in the transaction at hand, so each replay transaction writes about what it added,
 * never a burst) and forgotten (at the next); their keys are remembered, and their rows loaded
 * again if touched.
 */
export class RetainedRowBatch<R extends Row> extends RowBatch<R> {
  /** Keys written and forgotten: the only ones the table can hold that memory does not. */
  private readonly evicted = new Set<string>();
  /** A row's JSON size, averaged over samples of the rows changed (0 until the first sample). */
  private rowBytes = 0;

  constructor(
    db: Knex.Transaction,
    table: string,
    keyColumns: readonly (keyof R & string)[],
    private readonly limits: RetainedLimits,
  ) {
    super(db, table, keyColumns);
  }

  /** Written by the last `flush` to make room, forgotten at the next transaction. */
  private leaving: string[] = [];

  /** The transaction the next statements go to. */
  bind(db: Knex.Transaction): this {
    if (db !== this.db) this.forgetLeaving();
    this.db = db;
    return this;
  }

  override async load(keys: Iterable<readonly unknown[]>): Promise<void> {
    const stored = new Map<string, readonly unknown[]>();
    for (const key of keys) {
      const id = this.id(key);
      if (this.rows.has(id) || stored.has(id)) continue;
      if (this.evicted.has(id)) stored.set(id, key);
      else this.rows.set(id, null);
    }
    await super.load(stored.values());
    for (const id of stored.keys()) this.evicted.delete(id);
  }

  /** Within the replay, writes only what leaves memory; `writeChanged` writes the rest. */
  override async flush(): Promise<void> {
    const capacity = this.capacity();
    if (this.rows.size <= capacity) return;
    this.leaving = [...first(this.rows.keys(), this.rows.size - capacity)];
    await this.write(this.leaving);
  }

  /** Rows that may stay in memory: the count bound, or fewer at the rows' sampled size. */
  private capacity(): number {
    const sample: R[] = [];
    for (const id of this.dirty) {
      const row = this.rows.get(id);
      if (row) sample.push(row);
      if (sample.length === SAMPLED_ROWS) break;
    }
    if (sample.length > 0) {
      const bytes = JSON.stringify(sample).length / sample.length;
      // A moving average: one chunk of unusually small or large rows moves it only a quarter.
      this.rowBytes = this.rowBytes === 0 ? bytes : (3 * this.rowBytes + bytes) / 4;
    }
    if (this.rowBytes === 0) return this.limits.rows;
    return Math.min(this.limits.rows, Math.floor(this.limits.bytes / this.rowBytes));
  }

  /**
   * Lets go of the rows the last `flush` wrote to make room. Not at the flush itself: `apply` may
   * still read its rows after flushing (the catalog counts categories from them).
   */
  private forgetLeaving(): void {
    for (const id of this.leaving) {
      if (this.dirty.has(id)) continue;
      if (this.rows.get(id)) this.evicted.add(id);
      this.rows.delete(id);
    }
    this.leaving = [];
  }

  /** Rows changed and not written yet. */
  get pending(): number {
    return this.dirty.size;
  }

  /** Writes up to `limit` of the changed rows, in `db`. */
  async writeChanged(db: Knex.Transaction, limit: number): Promise<void> {
    this.bind(db);
    await this.write([...first(this.dirty, limit)]);
  }
}

/** The first `count` of `ids`, in their order (rows by age, changed rows as changed). */
function* first(ids: Iterable<string>, count: number): Generator<string> {
  if (count <= 0) return;
  for (const id of ids) {
    yield id;
    if (--count === 0) return;
  }
}

/**
 * The retained batches of one projection's rebuild, by physical table: what `ApplyContext.rows`
 * hands out during the replay.
 */
export class RetainedRows {
  private readonly batches = new Map<string, RetainedRowBatch<Row>>();

  constructor(private readonly limits: RetainedLimits) {}

  batch<R extends Row>(
    db: Knex.Transaction,
    table: string,
    keyColumns: readonly (keyof R & string)[],
  ): RowBatch<R> {
    let batch = this.batches.get(table) as RetainedRowBatch<R> | undefined;
    if (!batch) {
      batch = new RetainedRowBatch<R>(db, table, keyColumns, this.limits);
      this.batches.set(table, batch as unknown as RetainedRowBatch<Row>);
    }
    return batch.bind(db);
  }

  /** Rows changed in memory and not written yet, over all tables. */
  get pending(): number {
    let pending = 0;
    for (const batch of this.batches.values()) pending += batch.pending;
    return pending;
  }

  /** Writes up to `limit` changed rows in `db`, from the first table with any. */
  async writeSome(db: Knex.Transaction, limit: number): Promise<void> {
    for (const batch of this.batches.values()) {
      if (batch.pending > 0) return batch.writeChanged(db, limit);
    }
  }
}
