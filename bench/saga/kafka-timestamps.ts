import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/**
 * When the relay published each wanted event: the Kafka record's timestamp, which kafkajs sets
 * as the producer builds the request (CreateTime, the topics' default), read back after the
 * windows by a consumer group of the benchmark's own from the start of each topic to its end.
 */
export async function publishTimes(
  brokers: string,
  topics: readonly string[],
  eventIds: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const kafka = new Kafka({
    clientId: 'shopstream-saga-bench',
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > 0n) remaining.set(`${topic}/${partition}`, BigInt(high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const times = new Map<string, number>();
  if (remaining.size === 0) return times;

  const consumer = kafka.consumer({ groupId: `saga-bench-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topics.join(', ')} took over 5 minutes`)),
        300_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const id = message.headers?.['event-id']?.toString();
              if (id && eventIds.has(id) && !times.has(id))
                times.set(id, Number(message.timestamp));
            }
            const key = `${batch.topic}/${batch.partition}`;
            const high = remaining.get(key);
            const last = batch.messages.at(-1);
            if (high !== undefined && last && BigInt(last.offset) + 1n >= high)
              remaining.delete(key);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return times;
}
