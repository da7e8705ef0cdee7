import { type PGlite } from '@electric-sql/pglite';
import { type Knex } from 'knex';
import { PgliteConnection, type PgLikeResult } from './pglite-connection';

/** knex's built-in PostgreSQL client: its SQL compilers, transactions and result handling. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ClientPg = require('knex/lib/dialects/postgres') as typeof Knex.Client;
/** How `pg` turns a JavaScript value into a query parameter (untyped in @types/pg). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

type QueryObject = { sql?: string; bindings?: unknown[]; method?: string; response?: unknown };

/**
 * A knex client class whose one raw connection is the given PGlite instance: knex's PostgreSQL
 * dialect as is, with the `pg` driver swapped for PGlite. The pool is fixed at one connection
 * (PGlite has one); knex.transaction() holds it, and PGlite's own lock, from BEGIN to the end.
 * Destroying knex leaves PGlite open unless `closeDb` is given (knex then owns the database).
 */
export function pgliteKnexClient(db: PGlite, closeDb?: () => Promise<void>): typeof Knex.Client {
  return class PgliteKnexClient extends ClientPg {
    readonly embedded = true;

    constructor(config: Knex.Config) {
      super({ ...config, connection: {}, pool: { min: 1, max: 1 } });
      this.canCancelQuery = false;
    }

    override initializeDriver(): void {
      this.driver = {};
    }

    override async acquireRawConnection(): Promise<PgliteConnection> {
      const connection = new PgliteConnection(db);
      if (!this.version) {
        const { rows } = await connection.query('select version() as version', []);
        this.version = /^PostgreSQL (\S+)/.exec(String(rows[0].version))?.[1];
      }
      return connection;
    }

    override async destroyRawConnection(connection: PgliteConnection): Promise<void> {
      await connection.release();
    }

    override async validateConnection(connection: PgliteConnection): Promise<boolean> {
      return connection.usable;
    }

    async _query(connection: PgliteConnection, obj: QueryObject): Promise<QueryObject> {
      if (!obj.sql) throw new Error('The query is empty');
      // Bindings become exactly the text `pg` would send (Dates, arrays, JSON, Buffers).
      const values = (obj.bindings ?? []).map((value) => prepareValue(value));
      obj.response = (await connection.query(obj.sql, values, obj.method)) satisfies PgLikeResult;
      return obj;
    }

    override async destroy(callback?: (error?: unknown) => void): Promise<void> {
      try {
        await super.destroy(undefined);
        await closeDb?.();
      } catch (error) {
        if (!callback) throw error;
        return callback(error);
      }
      callback?.();
    }

    _stream(): never {
      throw new Error('streaming queries are not supported on the embedded database');
    }
  };
}

/**
 * Whether knex runs on the embedded database: one connection, shared with the event store, so a
 * caller inside a knex transaction must not wait on an event store read.
 */
export function runsOnPglite(db: Knex): boolean {
  return (db.client as { embedded?: unknown }).embedded === true;
}
