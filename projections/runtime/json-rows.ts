import { type Knex } from 'knex';

type Row = Record<string, unknown>;

/**
 * Rows per statement. The whole batch travels as one parameter, so PostgreSQL's limit of 65,535
 * parameters no longer applies; this only bounds the size of one JSON text (a few MB at most).
 */
const ROWS_PER_STATEMENT = 5_000;

/** What an insert does with a row whose key is already in the table. */
export type OnConflict = Readonly<{
  keys: readonly string[];
  /** `replace`: the row's other columns (or `columns`) take the new values; `add`: they are summed. */
  update: 'replace' | 'add';
  columns?: readonly string[];
}>;

/**
 * Inserts rows sent as one JSON array, typed by the table's own row type:
 * `INSERT INTO t (a, b) SELECT a, b FROM json_populate_recordset(NULL::t, $1)`. Against a knex
 * VALUES list (a parameter per cell, a statement text per row count) this builds one string with
 * the engine's native `JSON.stringify`, and the rebuild's one JavaScript thread was spending a
 * fifth of its time on the VALUES lists (bench/README.md, "What limits the rebuild").
 *
 * Every row has the first row's columns. Values are as JSON gives them: times as ISO text (or
 * `Date`), and a json/jsonb column as its JavaScript value (an object, an array): a string there
 * would be stored as a JSON string.
 */
export async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  rows: readonly Row[],
  onConflict?: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const sql = insertStatement(table, Object.keys(rows[0]), onConflict);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db.raw(sql, [JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT))]);
  }
}

/**
 * Statement texts by table, columns and conflict rule: built once, the same every batch. Each
 * rebuild names new tables, so the memo starts over when it grows past what any process uses.
 */
const statements = new Map<string, string>();
const MEMO_LIMIT = 1_000;

function insertStatement(
  table: string,
  columns: readonly string[],
  onConflict: OnConflict | undefined,
): string {
  const memoKey = JSON.stringify([table, columns, onConflict ?? null]);
  let sql = statements.get(memoKey);
  if (sql === undefined) {
    const list = columns.map(quoted).join(', ');
    sql =
      `INSERT INTO ${quoted(table)} (${list}) SELECT ${list} ` +
      `FROM json_populate_recordset(NULL::${quoted(table)}, ?::json)` +
      conflictClause(table, columns, onConflict);
    if (statements.size >= MEMO_LIMIT) statements.clear();
    statements.set(memoKey, sql);
  }
  return sql;
}

function conflictClause(
  table: string,
  columns: readonly string[],
  onConflict: OnConflict | undefined,
): string {
  if (!onConflict) return '';
  const target = ` ON CONFLICT (${onConflict.keys.map(quoted).join(', ')})`;
  const updated = (onConflict.columns ?? columns).filter(
    (column) => !onConflict.keys.includes(column),
  );
  if (updated.length === 0) return `${target} DO NOTHING`;
  const set = updated.map((column) =>
    onConflict.update === 'add'
      ? `${quoted(column)} = ${quoted(table)}.${quoted(column)} + excluded.${quoted(column)}`
      : `${quoted(column)} = excluded.${quoted(column)}`,
  );
  return `${target} DO UPDATE SET ${set.join(', ')}`;
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
