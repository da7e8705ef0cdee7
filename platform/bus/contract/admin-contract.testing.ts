import { type BusConsumer, type ConsumeOptions } from '../port';
import { type BusFixture, eventually, Inbox, numbered } from './contract-helpers.testing';

/** Topics, lag and rewinding: what operators and the process-manager runtime rely on. */
export function adminContract(fixture: () => BusFixture): void {
  const running: BusConsumer[] = [];
  const consume = async (options: ConsumeOptions) => {
    const consumer = await fixture().bus.consume(options);
    running.push(consumer);
    return consumer;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  /** Two topics, `counts[i]` messages on topic i, spread over a few keys. */
  const prepared = async (label: string, counts: [number, number]) => {
    const { bus, topic: newTopic, group } = fixture();
    const topics = [newTopic(`${label}-a`), newTopic(`${label}-b`)];
    await bus.ensureTopics(topics);
    await bus.publish(
      counts.flatMap((count, t) =>
        Array.from({ length: count }, (_, n) => numbered(topics[t], `key-${n % 4}`, n)),
      ),
    );
    return { topics, groupId: group(label) };
  };

  it('counts what a group has not consumed yet as its lag', async () => {
    const { bus } = fixture();
    const { topics, groupId } = await prepared('lag', [5, 2]);
    expect(await bus.lag(groupId, topics)).toEqual({
      messages: 7,
      byTopic: { [topics[0]]: 5, [topics[1]]: 2 },
    });

    const inbox = new Inbox();
    const consumer = await consume({ groupId, topics, handle: inbox.handle });
    await inbox.waitFor(7);
    await eventually('lag 0', async () => (await bus.lag(groupId, topics)).messages === 0);
    await consumer.stop();

    await bus.publish([numbered(topics[1], 'key-0', 10), numbered(topics[1], 'key-1', 11)]);
    expect(await bus.lag(groupId, topics)).toEqual({
      messages: 2,
      byTopic: { [topics[0]]: 0, [topics[1]]: 2 },
    });
  });

  it('rewinds a stopped group so that it receives everything again', async () => {
    const { bus } = fixture();
    const { topics, groupId } = await prepared('rewind', [3, 3]);
    const first = new Inbox();
    const consumer = await consume({ groupId, topics, handle: first.handle });
    await first.waitFor(6);
    await eventually('lag 0', async () => (await bus.lag(groupId, topics)).messages === 0);

    // Not while it runs: a member would go on from where it is, or read twice.
    await expect(bus.rewind(groupId, topics)).rejects.toThrow();
    await consumer.stop();
    await bus.rewind(groupId, topics);
    expect((await bus.lag(groupId, topics)).messages).toBe(6);

    const again = new Inbox();
    await consume({ groupId, topics, handle: again.handle });
    await again.waitFor(6);
    const key = (m: { topic: string; value: string }) => `${m.topic}/${m.value}`;
    expect(again.messages.map(key).sort()).toEqual(first.messages.map(key).sort());
  });

  it('ensures topics idempotently, also when some of them exist', async () => {
    const { bus, topic: newTopic, group } = fixture();
    const [a, b, c] = [newTopic('ensure-a'), newTopic('ensure-b'), newTopic('ensure-c')];
    await bus.ensureTopics([a, b]);
    await bus.ensureTopics([a, b]);
    await Promise.all([bus.ensureTopics([b, c]), bus.ensureTopics([c])]);

    await bus.publish([numbered(a, 'k', 0), numbered(c, 'k', 1)]);
    const inbox = new Inbox();
    await consume({ groupId: group('ensure'), topics: [a, b, c], handle: inbox.handle });
    await inbox.waitFor(2);
    expect(inbox.numbers().sort()).toEqual([0, 1]);
  });
}
