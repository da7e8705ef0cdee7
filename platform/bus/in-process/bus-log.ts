import { type Knex } from 'knex';
import { type BusMessage, type ReceivedMessage } from '../port';

/** The in-process bus's durable log: `bus_messages`, one row per message, in offset order. */
export const BUS_MESSAGES = 'bus_messages';

/** Rows per INSERT statement: 1,000 rows of 4 values stay far below Postgres' 65,535 parameters. */
const INSERT_CHUNK = 1_000;

/**
 * Taken by every publish for the length of its transaction. Offsets come from a sequence, drawn
 * at insert and visible at commit; without the lock a publish could commit offset 11 before
 * another commits offset 10, and a consumer that read 11 and moved on would never see 10. With
 * it, offset order is commit order (publishes are serialised; the relay is the only busy one).
 */
const PUBLISH_LOCK = 0x5b05_0001;

/** Appends the messages in one transaction: all of them are durable when it resolves, or none. */
export async function appendToLog(db: Knex, messages: readonly BusMessage[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.raw('SELECT pg_advisory_xact_lock(?)', [PUBLISH_LOCK]);
    for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
      const rows = messages.slice(start, start + INSERT_CHUNK).map((message) => ({
        topic: message.topic,
        key: message.key,
        value: message.value,
        headers: JSON.stringify(message.headers),
      }));
      await tx(BUS_MESSAGES).insert(rows);
    }
  });
}

type MessageRow = {
  offset: string | number;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string> | string;
};

/**
 * The next `limit` messages, in offset order, of the given topics after each one's offset.
 * Each topic's part is an index range scan with its own limit, so a consumer far behind does
 * not make every poll sort the whole backlog.
 */
export async function readAfter(
  db: Knex,
  after: ReadonlyMap<string, string>,
  limit: number,
): Promise<ReceivedMessage[]> {
  if (after.size === 0) return [];
  const { rows } = (await db.raw(
    `SELECT m."offset", m.topic, m.key, m.value, m.headers
       FROM unnest(?::text[], ?::bigint[]) AS c(topic, after)
       CROSS JOIN LATERAL (
         SELECT "offset", topic, key, value, headers FROM ${BUS_MESSAGES}
          WHERE topic = c.topic AND "offset" > c.after
          ORDER BY "offset" LIMIT ?) m
      ORDER BY m."offset" LIMIT ?`,
    [[...after.keys()], [...after.values()], limit, limit],
  )) as { rows: MessageRow[] };
  return rows.map((row) => ({
    topic: row.topic,
    partition: 0,
    offset: String(row.offset),
    key: row.key,
    value: row.value,
    headers: typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers,
  }));
}

/** Per topic, the messages after the group's committed offset (all of them if it has none). */
export async function countAfterCommitted(
  db: Knex,
  groupId: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  const { rows } = (await db.raw(
    `SELECT c.topic,
            (SELECT count(*) FROM ${BUS_MESSAGES} m
              WHERE m.topic = c.topic AND m."offset" > coalesce(o."offset", 0)) AS lag
       FROM unnest(?::text[]) AS c(topic)
       LEFT JOIN bus_offsets o ON o.group_id = ? AND o.topic = c.topic`,
    [[...topics], groupId],
  )) as { rows: { topic: string; lag: string | number }[] };
  return Object.fromEntries(rows.map((row) => [row.topic, Number(row.lag)]));
}
