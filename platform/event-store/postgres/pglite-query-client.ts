import { EventEmitter } from 'node:events';
import { type PGlite } from '@electric-sql/pglite';
import { type QueryClient, type Statement } from './query-client';

const INT8_OID = 20;
/** Keep bigints as decimal strings, as `pg` does, so row mapping is shared and exact. */
const QUERY_OPTIONS = { parsers: { [INT8_OID]: (value: string) => value } };

/**
 * Every store instance opened over the same PGlite database shares one in-process bus: PGlite
 * lives inside this process, so nobody outside it can append, and a SQL NOTIFY round trip
 * through the single WASM connection would only slow appends down.
 */
const buses = new WeakMap<PGlite, EventEmitter>();

function busOf(db: PGlite): EventEmitter {
  let bus = buses.get(db);
  if (!bus) {
    bus = new EventEmitter();
    bus.setMaxListeners(0);
    buses.set(db, bus);
  }
  return bus;
}

/** QueryClient over embedded PGlite (one connection; it queues concurrent queries itself). */
export class PgliteQueryClient implements QueryClient {
  constructor(
    private readonly db: PGlite,
    /** Closes the database when the client closes; absent when the caller owns it. */
    private readonly closeDb?: () => Promise<void>,
  ) {}

  async query<Row extends object>(
    statement: Statement,
    values: readonly unknown[],
  ): Promise<Row[]> {
    const result = await this.db.query<Row>(statement.text, values as unknown[], QUERY_OPTIONS);
    return result.rows;
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const bus = busOf(this.db);
    bus.on(channel, onNotify);
    return async () => {
      bus.off(channel, onNotify);
    };
  }

  async notify(channel: string): Promise<void> {
    busOf(this.db).emit(channel);
  }

  async close(): Promise<void> {
    await this.closeDb?.();
  }
}
