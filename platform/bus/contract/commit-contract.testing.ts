import { type BusConsumer, type ConsumeOptions, type ReceivedMessage } from '../port';
import {
  type BusFixture,
  deferred,
  type Deferred,
  eventually,
  Inbox,
  numberOf,
  publishNumbered,
} from './contract-helpers.testing';

/**
 * At least once: an offset moves only after its handler resolved, so what a consumer did not
 * finish (stopped, crashed, hung) reaches the next member of its group; what it finished does
 * not come back. With `handleBatch`, a batch's offsets move together, after it resolved.
 */
export function commitContract(fixture: () => BusFixture): void {
  const running: BusConsumer[] = [];
  const hung: Deferred[] = [];
  const consume = async (options: ConsumeOptions) => {
    const consumer = await fixture().bus.consume(options);
    running.push(consumer);
    return consumer;
  };
  afterEach(async () => {
    for (const hang of hung.splice(0)) hang.resolve();
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  /** A topic with messages 0..count-1 under one key (so one partition, in order). */
  const prepared = async (label: string, count: number) => {
    const { bus, topic: newTopic, group } = fixture();
    const topic = newTopic(label);
    await bus.ensureTopics([topic]);
    await publishNumbered(bus, topic, 'one-key', 0, count);
    return { topic, groupId: group(label) };
  };

  it('redelivers the message whose handler was still running when its consumer stopped', async () => {
    const { topic, groupId } = await prepared('stopped-mid-handler', 4);
    const inHandler = deferred();
    const crashes: unknown[] = [];
    const first = await consume({
      groupId,
      topics: [topic],
      onCrash: (error) => crashes.push(error),
      handle: async (message, { signal }) => {
        if (numberOf(message) < 1) return;
        inHandler.resolve();
        // A handler told to stop gives up; its message must not count as handled.
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        throw new Error('gave up: the consumer is stopping');
      },
    });
    await inHandler.promise;
    await eventually('message 0 committed', async () => {
      return (await fixture().bus.lag(groupId, [topic])).messages === 3;
    });
    await first.stop();
    expect(crashes).toEqual([]);

    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    await next.waitFor(3);
    expect(next.numbers()).toEqual([1, 2, 3]);
  });

  it('does not redeliver what the group handled', async () => {
    const { bus } = fixture();
    const { topic, groupId } = await prepared('committed', 3);
    const first = new Inbox();
    const consumer = await consume({ groupId, topics: [topic], handle: first.handle });
    await first.waitFor(3);
    await eventually('all committed', async () => (await bus.lag(groupId, [topic])).messages === 0);
    await consumer.stop();
    await publishNumbered(bus, topic, 'one-key', 3, 1);

    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    // The first message the group's next member sees is the one published after the commits.
    const [firstReceived] = await next.waitFor(1);
    expect(numberOf(firstReceived)).toBe(3);
  });

  it('stops a consumer whose handler throws, reports it, and leaves the message uncommitted', async () => {
    const { topic, groupId } = await prepared('crash', 3);
    const failure = new Error('handler bug');
    const crashed = deferred();
    const crashes: unknown[] = [];
    const handled: number[] = [];
    await consume({
      groupId,
      topics: [topic],
      onCrash: (error) => {
        crashes.push(error);
        crashed.resolve();
      },
      handle: async (message: ReceivedMessage) => {
        if (numberOf(message) === 1) throw failure;
        handled.push(numberOf(message));
      },
    });
    await crashed.promise;
    expect(crashes).toEqual([failure]);
    // Stopped at the failing message: message 2 was never handed over.
    expect(handled).toEqual([0]);

    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    await next.waitFor(2);
    expect(next.numbers()).toEqual([1, 2]);
  });

  it('hands the messages of a member that hangs mid-handler to another member of the group', async () => {
    const { topic, groupId } = await prepared('hung', 3);
    const hang = deferred();
    hung.push(hang);
    const inHandler = deferred();
    await consume({
      groupId,
      topics: [topic],
      handle: async (message) => {
        if (numberOf(message) < 1) return;
        inHandler.resolve();
        // Stuck for good: no heartbeat, no reaction to its signal (a wedged process).
        await hang.promise;
      },
    });
    await inHandler.promise;

    const next = new Inbox();
    await consume({ groupId, topics: [topic], handle: next.handle });
    await next.waitFor(2, fixture().takeoverMs);
    expect(next.numbers().slice(0, 2)).toEqual([1, 2]);
  });

  // handleBatch: what was fetched together comes in one call and commits whole or not at all.
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
