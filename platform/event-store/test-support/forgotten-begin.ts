import { Client } from 'pg';
import { newEvent } from '../contract/contract-helpers';
import { encodePositionText } from '../position-codec';
import { type Position } from '../port';

export type OpenWrite = Readonly<{
  /** Where the held event will sit in $all once committed: before everything appended meanwhile. */
  position: Position;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}>;

/**
 * A forgotten `BEGIN` in another session: appends one event inside a transaction left open, so
 * it holds a transaction id (and with it every subscriber of the cluster) until it ends.
 */
export async function appendInOpenTransaction(
  connectionString: string,
  streamName: string,
  schema = 'event_store',
): Promise<OpenWrite> {
  const client = new Client({ connectionString, application_name: 'forgotten-begin' });
  await client.connect();
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await client.query('BEGIN');
    const held = newEvent('Held');
    const { rows } = await client.query<{ tx_id: string; last_position: string }>(
      `SELECT tx_id, last_position
         FROM ${schema}.append_events($1, -2, $2::uuid[], $3::text[], $4::json[], $5::json[])`,
      [
        streamName,
        [held.eventId],
        [held.type],
        [JSON.stringify(held.data)],
        [JSON.stringify(held.metadata)],
      ],
    );
    return {
      position: encodePositionText(rows[0].tx_id, rows[0].last_position),
      commit: () => end('COMMIT'),
      rollback: () => end('ROLLBACK'),
    };
  } catch (error) {
    await client.end();
    throw error;
  }
}
