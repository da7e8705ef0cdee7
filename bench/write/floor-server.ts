import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { schemaScript } from '../../platform/event-store/postgres/schema-sql';
import { type ServerUnderTest } from './write-api-server';

export type FloorSpec = Readonly<{ kind: 'floor'; databaseUrl: string; poolSize: number }>;

/** The event the client sends to the floor: a copy of one our write API appended. */
export type FloorEvent = Readonly<{ type: string; data: unknown; metadata: unknown }>;

export const FLOOR_PATH = '/floor/events';
const SCHEMA = 'floor';

/**
 * The floor: what one HTTP write costs with nothing of ours in it. A bare Fastify app (the
 * version Nest runs on, no logger, no hooks) whose one route parses the JSON body and INSERTs it
 * as one row of a copy of our events table (same columns and indexes, in a database of its own),
 * on a pg Pool of the write API's size, through a prepared statement like the store's.
 */
export async function startFloorServer(spec: FloorSpec): Promise<ServerUnderTest> {
  const pool = new Pool({
    connectionString: spec.databaseUrl,
    max: spec.poolSize,
    application_name: 'shopstream-bench-floor',
  });
  let queries = 0;
  pool.on('acquire', () => queries++);
  await pool.query(schemaScript(SCHEMA));

  const app = Fastify();
  app.post<{ Body: FloorEvent }>(FLOOR_PATH, async (request, reply) => {
    const { type, data, metadata } = request.body;
    const { rows } = await pool.query<{ position: string }>({
      name: 'floor_insert',
      text:
        `INSERT INTO ${SCHEMA}.events (stream_id, revision, event_id, type, data, metadata) ` +
        'VALUES ($1, 0, $2, $3, $4, $5) RETURNING position',
      values: [
        `floor-${randomUUID()}`,
        randomUUID(),
        type,
        JSON.stringify(data),
        JSON.stringify(metadata),
      ],
    });
    return reply.code(201).send({ position: rows[0].position });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    pgQueries: () => queries,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}
