import { type Admin, type Kafka } from 'kafkajs';
import { type GroupLag } from '../port';
import { firstJoin } from './kafka-consumer';
import { type KafkaBusSettings, TOPIC_MAX_MESSAGE_BYTES } from './kafka-settings';

/** The administrative half of the Kafka bus: topics, group offsets and lag. */

/**
 * Creates the topics that do not exist yet, each with `partitions` partitions, and waits for
 * their leaders. Existing topics are left as they are (their partition count included), so it
 * is idempotent; two creators racing both succeed.
 */
export async function createMissingTopics(
  admin: Admin,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: partitions,
      configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
    })),
  });
}

/**
 * Messages after the group's committed offsets, summed over partitions. A partition the group
 * never committed counts from its first retained message, where a new member would start.
 */
export async function groupLag(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<GroupLag> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const byTopic: Record<string, number> = {};
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    byTopic[topic] = ends.reduce((sum, end) => {
      const low = Number(end.low);
      const mark = Number(offsets.find((p) => p.partition === end.partition)?.offset ?? -1);
      return sum + Number(end.high) - (mark >= 0 ? Math.max(mark, low) : low);
    }, 0);
  }
  return { messages: Object.values(byTopic).reduce((a, b) => a + b, 0), byTopic };
}

/**
 * Sets the group's offsets to the first retained message of every partition, refused while the
 * group has members (as Kafka's own tools refuse). kafkajs' `admin.setOffsets` does the same one
 * topic at a time, waiting out a full fetch wait (5 s) for each; this joins once, for all topics.
 */
export async function rewindGroup(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  topics: readonly string[],
  settings: KafkaBusSettings,
): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const state = groups[0]?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead') {
    throw new Error(
      `cannot rewind consumer group ${groupId}: it has running members (${state}); stop them first`,
    );
  }
  const firstOffsets = await Promise.all(
    topics.map(async (topic) =>
      (await admin.fetchTopicOffsets(topic)).map((end) => ({
        topic,
        partition: end.partition,
        offset: end.low,
      })),
    ),
  );
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    rebalanceTimeout: settings.rebalanceTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    maxWaitTimeInMs: settings.maxWaitTimeMs,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const joined = firstJoin(consumer);
    // A member only to commit as the group: it handles nothing and commits nothing else.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async () => {},
    });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(firstOffsets.flat());
  } finally {
    await consumer.disconnect();
  }
}
