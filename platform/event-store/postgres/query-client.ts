/**
 * The little the SQL event store needs from a database driver, so the same SQL runs over a `pg`
 * Pool (pg-query-client.ts) and over embedded PGlite (pglite-query-client.ts).
 * Drivers must return bigint and xid8 columns as decimal strings and json columns parsed.
 */
export type Statement = Readonly<{
  /** A prepared-statement name; drivers that cannot prepare ignore it. */
  name?: string;
  text: string;
}>;

export interface QueryClient {
  query<Row extends object>(statement: Statement, values: readonly unknown[]): Promise<Row[]>;

  /** Runs a parameterless multi-statement script as one transaction. */
  exec(script: string): Promise<void>;

  /**
   * Calls `onNotify` whenever any process calls `notify(channel)`. After the listening connection
   * was lost and restored it calls `onReconnect`: notifications may have been missed meanwhile.
   * Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: () => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;

  /** Wakes listeners of `channel` in every process that shares the database. */
  notify(channel: string): Promise<void>;

  /** Releases what the client opened itself (a pool it was handed stays open). */
  close(): Promise<void>;
}

/** SQLSTATE classes and driver errors after which the same read is worth retrying. */
const TRANSIENT_SQLSTATE = /^(08|53|57P|57014|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
];

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))
  ) {
    return true;
  }
  return TRANSIENT_MESSAGES.some((m) => error.message.includes(m));
}

/** The SQLSTATE of a database error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 ? code : undefined;
}
