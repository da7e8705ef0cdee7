import { type EventFilter } from '../port';
import { type Statement } from './query-client';

/**
 * Read statements. Every $all read keeps to rows whose transaction is older than the oldest one
 * still running (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`): those can no longer
 * be joined by anything that sorts before them. Statements are built once per schema and sent as
 * named prepared statements, so PostgreSQL parses and plans each once per connection.
 */
const EVENT_COLUMNS = 'transaction_id, position, revision, event_id, type, data, metadata';
const VISIBLE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

export type ReadStatements = Readonly<{
  append: Statement;
  readStreamForwards: Statement;
  readStreamBackwards: Statement;
  /** $1 the stream names: their events in stream order, each stream forwards. */
  readStreams: Statement;
  /** $1 xid, $2 position, $3 limit, then the filter's arrays in the order of `filterParams`. */
  readAll: (filter: EventFilter | undefined) => Statement;
  /**
   * `readAll`'s rows, plus on every row `held_back`: whether committed rows exist that readers
   * must not pass yet (something older is still in flight), seen in the same snapshot. A single
   * row of NULL event columns when there are no events. What a live subscription reads.
   */
  readTail: (filter: EventFilter | undefined) => Statement;
  head: Statement;
  /** $1 xid, $2 position: how many committed events a reader at that position has still to read. */
  countAfter: Statement;
  countHeldBack: Statement;
  oldestWrite: Statement;
  transactionIds: Statement;
}>;

export function readStatements(s: string): ReadStatements {
  const named = (name: string, text: string): Statement => ({ name: `es_${s}_${name}`, text });
  // Committed rows that readers must not pass yet: something older is still in flight.
  const heldBackSql = `SELECT EXISTS (SELECT 1 FROM ${s}.events
        WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held_back`;
  const readAllSql = (byType: boolean, byPrefix: boolean) => {
    const conditions = [
      byType ? 'type = ANY($4::text[])' : undefined,
      byPrefix ? `stream_id ^@ ANY($${byType ? 5 : 4}::text[])` : undefined,
    ].filter((c) => c !== undefined);
    const filterSql = conditions.map((c) => `AND ${c}`).join(' ');
    return `SELECT ${EVENT_COLUMNS}, stream_id FROM ${s}.events
            WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND ${VISIBLE} ${filterSql}
            ORDER BY transaction_id, position LIMIT $3`;
  };
  // One statement per read and filter shape, built on first use: a live subscription asks for
  // its statement on every read.
  const variants = new Map<string, Statement>();
  const variant = (
    base: string,
    filter: EventFilter | undefined,
    wrap: (sql: string) => string,
  ) => {
    const byType = (filter?.eventTypes?.length ?? 0) > 0;
    const byPrefix = (filter?.streamPrefixes?.length ?? 0) > 0;
    const key = `${byType ? 't' : ''}${byPrefix ? 'p' : ''}`;
    const name = `${base}${key ? `_${key}` : ''}`;
    let statement = variants.get(name);
    if (!statement) {
      statement = named(name, wrap(readAllSql(byType, byPrefix)));
      variants.set(name, statement);
    }
    return statement;
  };

  return {
    append: named(
      'append',
      `SELECT next_revision, tx_id, last_position
         FROM ${s}.append_events($1, $2, $3::uuid[], $4::text[], $5::json[], $6::json[], $7)`,
    ),
    readStreamForwards: named(
      'read_stream_fwd',
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events
        WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    ),
    readStreamBackwards: named(
      'read_stream_bwd',
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events
        WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
    ),
    readStreams: named(
      'read_streams',
      `SELECT ${EVENT_COLUMNS}, stream_id FROM ${s}.events
        WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, revision`,
    ),
    readAll: (filter) => variant('read_all', filter, (sql) => sql),
    // The one-row held_back side keeps the answer non-empty when there are no events; the
    // lateral read keeps readAll's plan (a range scan on the primary key, stopping at $3).
    readTail: (filter) =>
      variant(
        'read_tail',
        filter,
        (sql) => `SELECT tail.*, hb.held_back FROM (${heldBackSql}) hb
            LEFT JOIN LATERAL (${sql}) tail ON true
            ORDER BY tail.transaction_id, tail.position`,
      ),
    head: named(
      'head',
      `SELECT transaction_id, position FROM ${s}.events WHERE ${VISIBLE}
        ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    ),
    // Every committed row after ($1, $2): what the unfiltered read_all returns now, plus the rows
    // held back behind an in-flight transaction, which it will return once that ends. Nothing
    // committing later can sort before ($1, $2), so this is the whole lag, stalls included. The
    // row comparison is a range on the primary key (transaction_id, position): a short tail
    // costs a short index scan, never a pass over the table.
    countAfter: named(
      'count_after',
      `SELECT count(*) AS count FROM ${s}.events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)`,
    ),
    countHeldBack: named(
      'count_held_back',
      `SELECT count(*) AS count FROM ${s}.events
        WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())`,
    ),
    // The highest stored id against the next one the server will hand out (the snapshot's
    // xmax: unlike pg_current_xact_id() it does not use up an id). A backward index scan.
    transactionIds: named(
      'transaction_ids',
      `SELECT (SELECT transaction_id FROM ${s}.events ORDER BY transaction_id DESC LIMIT 1)::text
                AS highest,
              pg_snapshot_xmax(pg_current_snapshot())::text AS next`,
    ),
    // Cluster-wide on purpose: any transaction holding an xid, in any database, holds xmin back.
    oldestWrite: named(
      'oldest_write',
      `SELECT coalesce(extract(epoch FROM clock_timestamp() - min(started)), 0)::float8 AS age
         FROM (SELECT xact_start AS started FROM pg_stat_activity
                WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
               UNION ALL SELECT prepared FROM pg_prepared_xacts) AS writers`,
    ),
  };
}

/** The filter's parameters in the order `readAll(filter)` numbers them. */
export function filterParams(filter: EventFilter | undefined): string[][] {
  const params: string[][] = [];
  if (filter?.eventTypes?.length) params.push([...filter.eventTypes]);
  if (filter?.streamPrefixes?.length) params.push([...filter.streamPrefixes]);
  return params;
}
