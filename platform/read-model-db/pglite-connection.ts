import { type PGlite, type Results, type Transaction } from '@electric-sql/pglite';

/** The part of a `pg` query result that knex's PostgreSQL dialect reads. */
export type PgLikeResult = {
  command: string;
  rowCount: number;
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
};

const INT8_OID = 20;
/** int8 as a decimal string, exactly as `pg` returns it, so read-model code sees one shape. */
const QUERY_OPTIONS = { parsers: { [INT8_OID]: (value: string) => value } };

const BEGIN = /^\s*(?:BEGIN|START\s+TRANSACTION)(?:\s+(?:WORK|TRANSACTION))?\s*(.*?)\s*;?\s*$/is;
const COMMIT = /^\s*(?:COMMIT|END)(?:\s+(?:WORK|TRANSACTION))?\s*;?\s*$/i;
const ROLLBACK = /^\s*(?:ROLLBACK|ABORT)(?:\s+(?:WORK|TRANSACTION))?\s*;?\s*$/i;

type OpenTransaction = {
  tx: Transaction;
  settle(outcome: 'commit' | 'rollback'): void;
  finished: Promise<void>;
};

/**
 * knex's one connection to the shared PGlite instance. Outside a transaction each statement
 * takes PGlite's lock for itself. BEGIN opens a PGlite transaction that holds the lock until
 * knex sends COMMIT or ROLLBACK, so statements of other users of the instance (the event store)
 * wait instead of landing inside our transaction. Consequence: code inside a read-model
 * transaction must not await the event store on the same PGlite; it would wait forever.
 */
export class PgliteConnection {
  private open: OpenTransaction | undefined;

  constructor(readonly db: PGlite) {}

  get usable(): boolean {
    return !this.db.closed;
  }

  async query(sql: string, values: readonly unknown[], method?: string): Promise<PgLikeResult> {
    const begin = BEGIN.exec(sql);
    if (begin) return this.begin(begin[1]);
    if (this.open && COMMIT.test(sql)) return this.finish('commit');
    if (this.open && ROLLBACK.test(sql)) return this.finish('rollback');
    const target = this.open?.tx ?? this.db;
    // Like `pg`: without parameters the simple protocol, which allows several statements.
    if (values.length === 0) {
      const results = await target.exec(sql, QUERY_OPTIONS);
      return toPgResult(results[results.length - 1], sql, method);
    }
    return toPgResult(await target.query(sql, values as unknown[], QUERY_OPTIONS), sql, method);
  }

  /** Rolls back a transaction left open (a destroyed connection must not keep PGlite locked). */
  async release(): Promise<void> {
    if (this.open) await this.finish('rollback').catch(() => undefined);
  }

  private async begin(mode: string): Promise<PgLikeResult> {
    if (this.open) throw new Error('a transaction is already open on this PGlite connection');
    let started!: (tx: Transaction) => void;
    const txStarted = new Promise<Transaction>((resolve) => (started = resolve));
    let settle!: OpenTransaction['settle'];
    const outcome = new Promise<'commit' | 'rollback'>((resolve) => (settle = resolve));
    const finished = this.db.transaction(async (tx) => {
      started(tx);
      if ((await outcome) === 'rollback') await tx.rollback();
    });
    // BEGIN itself can fail (a closed database): then `finished` rejects before the start.
    const tx = await Promise.race([txStarted, finished.then(() => txStarted)]);
    this.open = { tx, settle, finished };
    if (mode !== '') {
      try {
        await tx.query(`SET TRANSACTION ${mode}`);
      } catch (error) {
        await this.release();
        throw error;
      }
    }
    return emptyResult('BEGIN');
  }

  private async finish(outcome: 'commit' | 'rollback'): Promise<PgLikeResult> {
    const open = this.open!;
    this.open = undefined;
    open.settle(outcome);
    try {
      await open.finished;
    } catch (error) {
      // Postgres answers COMMIT in a failed transaction with ROLLBACK, not an error; PGlite
      // throws. Answer as the server does, so knex behaves the same on both backends.
      if (outcome === 'commit' && (error as Error).name === 'TransactionAbortedError') {
        return emptyResult('ROLLBACK');
      }
      throw error;
    }
    return emptyResult(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
  }
}

function emptyResult(command: string): PgLikeResult {
  return { command, rowCount: 0, rows: [], fields: [] };
}

/** knex's dialect decides what to return from `command`, which PGlite does not report. */
const COMMAND_OF_METHOD: Record<string, string> = {
  select: 'SELECT',
  first: 'SELECT',
  pluck: 'SELECT',
  insert: 'INSERT',
  update: 'UPDATE',
  del: 'DELETE',
  counter: 'UPDATE',
};

function toPgResult(
  results: Results<Record<string, unknown>> | undefined,
  sql: string,
  method: string | undefined,
): PgLikeResult {
  const rows = results?.rows ?? [];
  const command =
    COMMAND_OF_METHOD[method ?? ''] ?? /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase() ?? '';
  return {
    command,
    rowCount: command === 'SELECT' ? rows.length : (results?.affectedRows ?? 0),
    rows,
    fields: (results?.fields ?? []).map(({ name, dataTypeID }) => ({ name, dataTypeID })),
  };
}
