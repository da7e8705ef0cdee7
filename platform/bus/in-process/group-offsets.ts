import { type Knex } from 'knex';

/**
 * `bus_offsets`: per consumer group and topic, the offset of the last message handled, and
 * which consumer holds the topic (a topic is one partition, handled by one member at a time).
 * A holder keeps the topic by renewing before `owner_until`; one that stops renewing (hung,
 * or its process died) loses it to another member, as a Kafka member does after its session
 * timeout. Commits only succeed for the holder, so a replaced member cannot move the offset.
 * Times come from the database's clock, the one every process shares.
 */
export const BUS_OFFSETS = 'bus_offsets';

/**
 * Takes or renews the topics that are free, expired, or already ours; returns each topic we
 * hold now with its committed offset (the database's, which a previous holder may have moved).
 */
export async function claimTopics(
  db: Knex,
  groupId: string,
  topics: readonly string[],
  owner: string,
  ttlMs: number,
): Promise<Map<string, string>> {
  const { rows } = (await db.raw(
    `INSERT INTO ${BUS_OFFSETS} AS o (group_id, topic, "offset", owner, owner_until)
     SELECT ?, t, 0, ?, now() + ? * interval '1 millisecond' FROM unnest(?::text[]) AS t
     ON CONFLICT (group_id, topic) DO UPDATE
        SET owner = excluded.owner, owner_until = excluded.owner_until
      WHERE o.owner IS NULL OR o.owner = excluded.owner OR o.owner_until < now()
     RETURNING o.topic, o."offset"`,
    [groupId, owner, ttlMs, [...topics]],
  )) as { rows: { topic: string; offset: string | number }[] };
  return new Map(rows.map((row) => [row.topic, String(row.offset)]));
}

/**
 * Records each topic's offset as handled and renews the hold, in one statement; returns the
 * topics whose offsets moved. A topic missing from it is no longer held by this consumer
 * (another member took it over), and nothing changed for it.
 */
export async function commitOffsets(
  db: Knex,
  groupId: string,
  offsets: ReadonlyMap<string, string>,
  owner: string,
  ttlMs: number,
): Promise<Set<string>> {
  const { rows } = (await db.raw(
    `UPDATE ${BUS_OFFSETS} AS o
        SET "offset" = c."offset", owner_until = now() + ? * interval '1 millisecond',
            updated_at = now()
       FROM unnest(?::text[], ?::bigint[]) AS c(topic, "offset")
      WHERE o.group_id = ? AND o.topic = c.topic AND o.owner = ?
     RETURNING o.topic`,
    [ttlMs, [...offsets.keys()], [...offsets.values()], groupId, owner],
  )) as { rows: { topic: string }[] };
  return new Set(rows.map((row) => row.topic));
}

/** Gives the consumer's topics back at once, so another member need not wait for the expiry. */
export async function releaseTopics(db: Knex, groupId: string, owner: string): Promise<void> {
  await db(BUS_OFFSETS)
    .where({ group_id: groupId, owner })
    .update({ owner: null, owner_until: null });
}

/**
 * Moves the group back before the first message of each topic. Refused while a member holds
 * one of them, as Kafka refuses to reset the offsets of a group with running members.
 */
export async function rewindTopics(
  db: Knex,
  groupId: string,
  topics: readonly string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    const held = (await tx(BUS_OFFSETS)
      .where({ group_id: groupId })
      .whereIn('topic', [...topics])
      .whereNotNull('owner')
      .where('owner_until', '>', tx.fn.now())
      .forUpdate()
      .pluck('topic')) as string[];
    if (held.length > 0) {
      throw new Error(
        `cannot rewind consumer group ${groupId}: it is consuming ${held.join(', ')}; stop it first`,
      );
    }
    await tx(BUS_OFFSETS)
      .insert(topics.map((topic) => ({ group_id: groupId, topic, offset: 0 })))
      .onConflict(['group_id', 'topic'])
      .merge({ offset: 0, owner: null, owner_until: null, updated_at: tx.fn.now() });
  });
}
