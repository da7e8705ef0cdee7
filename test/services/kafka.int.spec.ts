import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, uniqueGroupId, uniqueTopic } from '../harness';

// kafkajs' request table: which versions of each API the client implements (not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { requests } = require('kafkajs/src/protocol/requests') as {
  requests: Record<string, { versions: string[] }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as Record<string, number>;

interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

describe('Kafka from the integration harness', () => {
  const kafka = new Kafka({
    clientId: 'harness-kafka-test',
    brokers: kafkaBrokers(),
    logLevel: logLevel.WARN,
  });

  it('round-trips messages through a consumer group on a fresh topic', async () => {
    const topic = uniqueTopic('harness-kafka');
    const groupId = uniqueGroupId('harness-kafka');
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
    try {
      expect(
        await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true }),
      ).toBe(true);
      const sent = ['order-1:placed', 'order-2:placed', 'order-1:paid'];
      await producer.send({
        topic,
        acks: -1,
        messages: sent.map((value) => ({ key: value.split(':')[0], value })),
      });

      const received: string[] = [];
      let allReceived!: () => void;
      const done = new Promise<void>((resolve) => (allReceived = resolve));
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value!.toString());
          if (received.length === sent.length) allReceived();
        },
      });
      await done;
      await consumer.stop();

      expect([...received].sort()).toEqual([...sent].sort());
      // Same key, same partition: per-order order is kept.
      expect(received.filter((v) => v.startsWith('order-1'))).toEqual([
        'order-1:placed',
        'order-1:paid',
      ]);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const total = committed.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
      expect(total).toBe(sent.length);
    } finally {
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 60_000);

  // Kafka 4 removed old protocol versions (KIP-896). kafkajs picks min(its newest, broker's newest)
  // without checking the broker's oldest, so every API it implements must still overlap.
  it('offers a version of every API kafkajs implements', async () => {
    let ranges: ApiVersionRange[] | undefined;
    const probe = new Kafka({
      clientId: 'harness-kafka-versions',
      brokers: kafkaBrokers(),
      logLevel: logLevel.DEBUG,
      logCreator:
        () =>
        ({ log }) => {
          const data = (log as { data?: { apiVersions?: ApiVersionRange[] } }).data;
          if (!ranges && log.message.startsWith('Response ApiVersions') && data?.apiVersions) {
            ranges = data.apiVersions;
          }
        },
    });
    const admin = probe.admin();
    await admin.connect();
    await admin.disconnect();

    expect(ranges).toBeDefined();
    const implemented = Object.entries(requests).filter(
      ([, request]) => request.versions.length > 0,
    );
    expect(implemented.length).toBeGreaterThan(20);
    const unusable = implemented.flatMap(([name, request]) => {
      const range = ranges!.find((r) => r.apiKey === apiKeys[name]);
      const chosen = Math.min(Math.max(...request.versions.map(Number)), range?.maxVersion ?? -1);
      return range && chosen < range.minVersion
        ? [
            `${name}: kafkajs would send v${chosen}, broker accepts v${range.minVersion}-${range.maxVersion}`,
          ]
        : [];
    });
    expect(unusable).toEqual([]);
  }, 30_000);
});
