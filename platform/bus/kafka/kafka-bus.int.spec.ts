import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { kafkaBrokers, uniqueGroupId, uniqueTopic } from '../../../test/harness';
import { describeBusContract } from '../contract/bus-contract.testing';
import {
  deferred,
  type Deferred,
  eventually,
  Inbox,
  numbered,
} from '../contract/contract-helpers.testing';
import { type BusConsumer } from '../port';
import { KafkaBus } from './kafka-bus';
import { type KafkaBusSettings } from './kafka-settings';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const PARTITIONS = 3;
/** The shortest session a broker accepts by default: a hung member is replaced within it. */
const settings: Partial<KafkaBusSettings> = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 6_000,
  heartbeatIntervalMs: 300,
  maxWaitTimeMs: 100,
};
const prefix = `${uniqueTopic('bus')}.`;
const newBus = () =>
  new KafkaBus({ brokers: kafkaBrokers(), partitions: PARTITIONS, logger, settings });

describeBusContract('Kafka', async () => {
  const bus = newBus();
  return {
    bus,
    partitions: PARTITIONS,
    topic: (label) => `${prefix}${label}`,
    group: (label) => uniqueGroupId(label),
    takeoverMs: 60_000,
    close: () => bus.close(),
  };
});

describe('the Kafka bus', () => {
  const bus = newBus();
  const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  const running: BusConsumer[] = [];
  const hung: Deferred[] = [];
  beforeAll(() => admin.connect());
  afterEach(async () => {
    for (const hang of hung.splice(0)) hang.resolve();
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });
  afterAll(async () => {
    await bus.close();
    await admin.disconnect();
  });

  it('creates missing topics with KAFKA_PARTITIONS partitions and leaves existing ones alone', async () => {
    const fresh = `${prefix}partitions-fresh`;
    const existing = `${prefix}partitions-existing`;
    await admin.createTopics({ topics: [{ topic: existing, numPartitions: 1 }] });
    await bus.ensureTopics([fresh, existing]);
    await bus.ensureTopics([fresh, existing]);

    const { topics } = await admin.fetchTopicMetadata({ topics: [fresh, existing] });
    const counts = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
    expect(counts).toEqual({ [fresh]: PARTITIONS, [existing]: 1 });
  });

  it('shares partitions within a group, and a member that hangs loses its partitions to the other', async () => {
    const topic = `${prefix}sharing`;
    const groupId = uniqueGroupId('sharing');
    await bus.ensureTopics([topic]);
    const keys = Array.from({ length: 30 }, (_, i) => `order-${i}`);
    const hang = deferred();
    hung.push(hang);
    let hanging = false;
    const a = new Inbox();
    const b = new Inbox();
    running.push(await bus.consume({ groupId, topics: [topic], handle: a.handle }));
    running.push(
      await bus.consume({
        groupId,
        topics: [topic],
        handle: async (message) => {
          if (hanging) return hang.promise; // wedged: no heartbeat, deaf to its signal
          await b.handle(message);
        },
      }),
    );
    // The second member joined: the group has rebalanced, each holds some partitions.
    await bus.publish(keys.map((key, i) => numbered(topic, key, i)));
    await eventually('30 messages', () => a.messages.length + b.messages.length === 30);
    const partitionsOf = (inbox: Inbox) => new Set(inbox.messages.map((m) => m.partition));
    expect(partitionsOf(a).size).toBeGreaterThan(0);
    expect(partitionsOf(b).size).toBeGreaterThan(0);
    expect([...partitionsOf(a)].filter((p) => partitionsOf(b).has(p))).toEqual([]);
    expect([...a.numbers(), ...b.numbers()].sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));

    hanging = true;
    const bPartitions = partitionsOf(b);
    await bus.publish(keys.map((key, i) => numbered(topic, key, 100 + i)));
    const second = (inbox: Inbox) => inbox.numbers().filter((n) => n >= 100);
    await eventually('the other member takes over', () => second(a).length === 30, 60_000);
    expect(second(a).sort((x, y) => x - y)).toEqual(keys.map((_, i) => 100 + i));
    expect(
      a.messages.some((m) => bPartitions.has(m.partition) && JSON.parse(m.value).n >= 100),
    ).toBe(true);
  });

  it('publishes messages larger than the broker’s default limit, in one call with others', async () => {
    const topic = `${prefix}large`;
    await bus.ensureTopics([topic]);
    const big = 'x'.repeat(1_100_000);
    await bus.publish([
      { topic, key: 'k', value: JSON.stringify({ n: 0, big }), headers: {} },
      { topic, key: 'k', value: JSON.stringify({ n: 1, big }), headers: {} },
      numbered(topic, 'k', 2),
    ]);
    const inbox = new Inbox();
    running.push(
      await bus.consume({ groupId: uniqueGroupId('large'), topics: [topic], handle: inbox.handle }),
    );
    await inbox.waitFor(3);
    expect(inbox.numbers()).toEqual([0, 1, 2]);
    expect(inbox.messages[0].value.length).toBeGreaterThan(1_100_000);
  });
});
