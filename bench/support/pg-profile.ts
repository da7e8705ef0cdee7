import { type Client } from 'pg';

/**
 * pg_stat_statements for one database, reset before a phase and read after it: where the
 * server's time went. Statements inside functions count too (track = all on the private
 * cluster), so an append function shows both as a whole and statement by statement.
 */
export type StatementStat = Readonly<{
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
}>;

export type PgProfiler = Readonly<{
  reset(): Promise<void>;
  top(limit?: number): Promise<StatementStat[]>;
  /** Every statement since the reset, together: calls and execution time. */
  totals(): Promise<{ calls: number; totalMs: number }>;
}>;

/** Null when the server does not have pg_stat_statements loaded. */
export async function pgProfiler(client: Client): Promise<PgProfiler | null> {
  const { rows } = await client.query<{ loaded: boolean }>(
    "SELECT 'pg_stat_statements' = ANY(string_to_array(current_setting('shared_preload_libraries'), ', ')) AS loaded",
  );
  if (!rows[0].loaded) return null;
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    async reset() {
      // This database only: other databases on the server may be measured meanwhile.
      await client.query(
        'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)',
      );
    },
    async top(limit = 6) {
      const result = await client.query<{
        query: string;
        calls: string;
        total: number;
        mean: number;
      }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query, calls::text,
                total_exec_time AS total, mean_exec_time AS mean
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_statements%'
          ORDER BY total_exec_time DESC LIMIT $1`,
        [limit],
      );
      return result.rows.map((r) => ({
        query: r.query,
        calls: Number(r.calls),
        totalMs: Math.round(r.total),
        meanMs: Math.round(r.mean * 1_000) / 1_000,
      }));
    },
    async totals() {
      const { rows } = await client.query<{ calls: string; total: number }>(
        `SELECT coalesce(sum(calls), 0)::text AS calls, coalesce(sum(total_exec_time), 0) AS total
           FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_statements%'`,
      );
      return { calls: Number(rows[0].calls), totalMs: Math.round(rows[0].total) };
    },
  };
}
