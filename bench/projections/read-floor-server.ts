import Fastify from 'fastify';
import knex from 'knex';
import { Pool } from 'pg';
import { productListQuery } from '../../projections/catalog/queries';

export type ReadFloorSpec = Readonly<{ databaseUrl: string; poolSize: number }>;

export const READ_FLOOR_PATH = '/floor/products';

/** Stands for the request's search words in the compiled statement's parameters. */
const SEARCH_PLACEHOLDER = '\u0000search\u0000';
const PAGE_SIZE = 20;

/**
 * The read side's floor: what a catalog search costs with nothing of ours around it. A bare
 * Fastify app (no logger, no hooks, no validation, no auth) whose one route runs the very SELECT
 * the read API runs for `GET /products?q=…&sort=price` (compiled once from the same
 * `productListQuery`, then sent as a prepared statement on a pg Pool of the read API's size) and
 * answers the rows as JSON. The read API's share of this floor is step 8's target.
 */
export async function startReadFloorServer(
  spec: ReadFloorSpec,
): Promise<{ url: string; close(): Promise<void> }> {
  const compiled = productListQuery(knex({ client: 'pg' }), {
    q: SEARCH_PLACEHOLDER,
    sort: 'price',
    limit: PAGE_SIZE,
  })
    .toSQL()
    .toNative();
  const searchAt = compiled.bindings.indexOf(SEARCH_PLACEHOLDER);
  if (searchAt < 0) throw new Error('the catalog query no longer takes its search as a parameter');
  const pool = new Pool({
    connectionString: spec.databaseUrl,
    max: spec.poolSize,
    application_name: 'shopstream-bench-read-floor',
  });

  const app = Fastify();
  app.get<{ Querystring: { q?: string } }>(READ_FLOOR_PATH, async (request) => {
    const values = [...compiled.bindings];
    values[searchAt] = request.query.q ?? '';
    const { rows } = await pool.query<Record<string, unknown>>({
      name: 'read_floor_search',
      text: compiled.sql,
      values,
    });
    return { items: rows.slice(0, PAGE_SIZE), nextCursor: null };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
