import { type CustomTypesConfig, Pool, type PoolConfig, types as pgTypes } from 'pg';
import { PgListener } from './pg-listener';
import { type QueryClient, type Statement } from './query-client';

const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const XID8 = 5069;
const keepText = (value: string): string => value;

/**
 * pg's type parsers are process-wide and other libraries change them (Emmett's dumbo turns int8
 * into numbers, losing precision). Our queries pin the parsers the row mapping relies on.
 */
const STORE_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === XID8) return keepText;
    if (oid === JSON_OID || oid === JSONB) return JSON.parse;
    return pgTypes.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/**
 * QueryClient over a `pg` Pool. Queries run in autocommit; named statements are prepared once
 * per pooled connection. Notifications use LISTEN/NOTIFY on a dedicated connection.
 */
export class PgQueryClient implements QueryClient {
  private readonly listeners = new Set<PgListener>();

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
  ) {
    // An idle pooled connection killed by the server emits 'error' on the pool; without a
    // listener Node treats that as fatal. The pool already discards the broken connection.
    pool.on('error', () => undefined);
  }

  static open(config: PoolConfig): PgQueryClient {
    return new PgQueryClient(new Pool(config), true);
  }

  /** Shares a pool owned by someone else (it stays open on close). */
  static over(pool: Pool): PgQueryClient {
    return new PgQueryClient(pool, false);
  }

  async query<Row extends object>(
    statement: Statement,
    values: readonly unknown[],
  ): Promise<Row[]> {
    const result = await this.pool.query<Row>({
      name: statement.name,
      text: statement.text,
      values: values as unknown[],
      types: STORE_TYPES,
    });
    return result.rows;
  }

  async exec(script: string): Promise<void> {
    // Without parameters pg uses the simple protocol: the whole script is one implicit transaction.
    await this.pool.query(script);
  }

  async listen(
    channel: string,
    onNotify: () => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>> {
    const listener = new PgListener(this.pool.options, channel, onNotify, onReconnect);
    this.listeners.add(listener);
    await listener.start();
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  async notify(channel: string): Promise<void> {
    // NOTIFY assigns an xid and flushes its commit; losing a wake-up in a crash is harmless (the
    // fallback poll covers it), so this transaction alone commits asynchronously.
    await this.pool.query({
      name: 'es_notify',
      text: "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')",
      values: [channel],
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.stop()));
    this.listeners.clear();
    if (this.ownsPool) await this.pool.end();
  }
}
