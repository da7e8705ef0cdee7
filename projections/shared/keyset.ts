import { type Knex } from 'knex';

/**
 * Keyset pagination, as every list query does it: ask for `limit + 1` rows in a total order;
 * the extra row only says that another page follows, and the last row shown gives the key the
 * next page starts after (the read API turns it into an opaque cursor).
 */
export function keysetPage<Row, Key>(
  rows: readonly Row[],
  limit: number,
  keyOf: (last: Row) => Key,
): { rows: Row[]; nextKey: Key | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextKey: rows.length > limit && last !== undefined ? keyOf(last) : null };
}

/**
 * Newest first by (created_at, `idColumn`), after the previous page's last (createdAt, id), one
 * row more than `limit` (see keysetPage). Each filter needs an index ending in those columns.
 */
export function newestFirst(
  query: Knex.QueryBuilder,
  idColumn: string,
  after: readonly [createdAt: string, id: string] | undefined,
  limit: number,
): Knex.QueryBuilder {
  if (after) {
    query.whereRaw(`(created_at, ??) < (?::timestamptz, ?)`, [idColumn, after[0], after[1]]);
  }
  return query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: idColumn, order: 'desc' },
    ])
    .limit(limit + 1);
}
