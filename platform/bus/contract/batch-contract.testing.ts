import { type BusConsumer, type ConsumeOptions, type ReceivedMessage } from '../port';
import {
  type BusFixture,
  deferred,
  eventually,
  Inbox,
  numberOf,
  publishNumbered,
} from './contract-helpers.testing';

/**
 * `handleBatch`: messages fetched together come in one call, in the order `handle` would have
 * seen them, and their offsets move only after it resolved, all of them or none.
 */
export function batchContract(fixture: () => BusFixture): void {
  const running: BusConsumer[] = [];
  const consume = async (options: ConsumeOptions) => {
    const consumer = await fixture().bus.consume(options);
    running.push(consumer);
    return consumer;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  const prepared = async (label: string, count: number) => {
    const { bus, topic: newTopic, group } = fixture();
    const topic = newTopic(label);
    await bus.ensureTopics([topic]);
    await publishNumbered(bus, topic, 'one-key', 0, count);
    return { topic, groupId: group(label) };
  };

  it('hands a backlog over in batches, in order, and commits it once they resolved', async () => {
    const { bus } = fixture();
    const { topic, groupId } = await prepared('batches', 5);
    const calls: number[][] = [];
    const record = async (messages: readonly ReceivedMessage[]) => {
      calls.push(messages.map(numberOf));
    };
    const consumer = await consume({
      groupId,
      topics: [topic],
      handle: (message) => record([message]),
      handleBatch: record,
    });
    await eventually('all five handed over', () => calls.flat().length >= 5);
    expect(calls.flat()).toEqual([0, 1, 2, 3, 4]);
    // Published before the consumer joined, they were fetched together.
    expect(calls[0].length).toBeGreaterThan(1);
    await eventually('all committed', async () => (await bus.lag(groupId, [topic])).messages === 0);
    await consumer.stop();

    await publishNumbered(bus, topic, 'one-key', 5, 1);
    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    expect((await next.waitFor(1)).map(numberOf)).toEqual([5]);
  });

  it('commits none of a batch whose handler throws', async () => {
    const { topic, groupId } = await prepared('batch-crash', 3);
    const crashed = deferred();
    await consume({
      groupId,
      topics: [topic],
      onCrash: () => crashed.resolve(),
      handle: () => Promise.reject(new Error('handler bug')),
      handleBatch: () => Promise.reject(new Error('handler bug')),
    });
    await crashed.promise;

    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    await next.waitFor(3);
    expect(next.numbers()).toEqual([0, 1, 2]);
  });
}
