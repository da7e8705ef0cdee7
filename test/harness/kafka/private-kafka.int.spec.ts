import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { localKafkaUnavailableReason, type PrivateKafka, startPrivateKafka } from '..';

const unavailable = localKafkaUnavailableReason();
const itWithLocalKafka = unavailable ? it.skip : it;
if (unavailable) console.warn(`SKIPPED private Kafka broker: ${unavailable}`);

describe('a private Kafka broker', () => {
  let broker: PrivateKafka | undefined;
  afterAll(() => broker?.close());

  itWithLocalKafka(
    `keeps what it acknowledged across a crash and a restart on the same address${unavailable ? ` (SKIPPED: ${unavailable})` : ''}`,
    async () => {
      broker = await startPrivateKafka();
      const kafka = new Kafka({
        clientId: 'private-kafka-test',
        brokers: broker.brokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 2_000 },
      });
      const topic = 'restarts';
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before' }] });

      await broker.stop({ abrupt: true });
      await broker.start();

      // The producer from before the crash reconnects by itself.
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'after' }] });
      const values: string[] = [];
      const consumer = kafka.consumer({ groupId: 'restarts', maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const both = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(message.value!.toString());
            if (values.length === 2) resolve();
          },
        });
      });
      await both;
      await consumer.disconnect();
      await producer.disconnect();
      expect(values).toEqual(['before', 'after']);
    },
  );
});
