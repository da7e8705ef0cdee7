import { type BusConsumer, type ConsumeOptions } from '../port';
import { type BusFixture, Inbox, numbered, numberOf } from './contract-helpers.testing';

/** What arrives, with what, in which order, and to whom. */
export function deliveryContract(fixture: () => BusFixture): void {
  const running: BusConsumer[] = [];
  const consume = async (options: ConsumeOptions) => {
    const consumer = await fixture().bus.consume(options);
    running.push(consumer);
    return consumer;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  it('delivers what was published with its topic, key, value and headers', async () => {
    const { bus, topic: newTopic, group, partitions } = fixture();
    const topic = newTopic('round-trip');
    await bus.ensureTopics([topic]);
    const sent = [
      {
        topic,
        key: 'order-1',
        value: JSON.stringify({ ünïcode: 'ß€', n: 0 }),
        headers: { 'event-id': 'e-0', 'event-type': 'OrderPlaced', 'correlation-id': 'c-1' },
      },
      { ...numbered(topic, 'order-2', 1), headers: { 'event-id': 'e-1', empty: '' } },
      numbered(topic, 'order-1', 2),
    ];
    await bus.publish(sent);

    const inbox = new Inbox();
    await consume({ groupId: group('round-trip'), topics: [topic], handle: inbox.handle });
    const received = await inbox.waitFor(3);

    const byEventId = (m: { headers: Readonly<Record<string, string>> }) => m.headers['event-id'];
    expect([...received].sort((a, b) => byEventId(a).localeCompare(byEventId(b)))).toEqual(
      sent.map((message) => ({
        ...message,
        partition: expect.any(Number),
        offset: expect.stringMatching(/^\d+$/),
      })),
    );
    for (const message of received) {
      expect(message.partition).toBeGreaterThanOrEqual(0);
      expect(message.partition).toBeLessThan(partitions);
    }
    // One key, one partition.
    const order1 = received.filter((m) => m.key === 'order-1');
    expect(new Set(order1.map((m) => m.partition)).size).toBe(1);
  });

  it('keeps the order of each key, across publishes and partitions', async () => {
    const { bus, topic: newTopic, group, partitions } = fixture();
    const topic = newTopic('order');
    await bus.ensureTopics([topic]);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (let round = 0; round < 3; round++) {
      // Keys interleaved within each publish.
      const messages = Array.from({ length: 20 }, (_, i) =>
        keys.map((key) => numbered(topic, key, round * 20 + i)),
      ).flat();
      await bus.publish(messages);
    }

    const inbox = new Inbox();
    await consume({
      groupId: group('order'),
      topics: [topic],
      handle: inbox.handle,
      concurrency: partitions,
    });
    await inbox.waitFor(keys.length * 60);

    const expected = Array.from({ length: 60 }, (_, n) => n);
    for (const key of keys) {
      expect(inbox.messages.filter((m) => m.key === key).map(numberOf)).toEqual(expected);
    }
  });

  it('gives every consumer group every message', async () => {
    const { bus, topic: newTopic, group } = fixture();
    const topics = [newTopic('groups-a'), newTopic('groups-b')];
    await bus.ensureTopics(topics);
    await bus.publish([
      ...[0, 1, 2].map((n) => numbered(topics[0], `k${n}`, n)),
      ...[3, 4].map((n) => numbered(topics[1], `k${n}`, n)),
    ]);

    const first = new Inbox();
    const second = new Inbox();
    await consume({ groupId: group('groups-1'), topics, handle: first.handle });
    await consume({ groupId: group('groups-2'), topics, handle: second.handle });
    await first.waitFor(5);
    await second.waitFor(5);

    expect(first.numbers().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(second.numbers().sort()).toEqual([0, 1, 2, 3, 4]);
  });
}
