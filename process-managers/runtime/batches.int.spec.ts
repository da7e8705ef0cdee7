import { randomUUID } from 'node:crypto';
import { type OrderEvent, streamName as orderStream } from '../../domain/order';
import { toBusMessage } from '../../platform/bus/integration-event';
import { KafkaBus } from '../../platform/bus/kafka/kafka-bus';
import { type ConsumeOptions, type IntegrationBus } from '../../platform/bus/port';
import { eventually } from '../../platform/event-store/contract/contract-helpers';
import { type RecordedEvent } from '../../platform/event-store/port';
import { kafkaBrokers, uniqueTopic } from '../../test/harness';
import {
  createRuntimeFixture,
  quietLogger,
  type RuntimeFixture,
} from '../test-support/runtime-fixture.testing';
import { placedWithoutLines } from '../test-support/orders.testing';
import { ManagerRunner } from './manager-runner';
import { parkEvent } from './operations';
import { type ProcessManager, run } from './process-manager';
import { reactAll } from './reactions';
import { type Scheduler } from './scheduler';
import { processManagerStates } from './status';

const at = '2026-01-10T09:00:00.000Z';
const WAIT_MS = 90_000;

/**
 * The messages a consumer fetched together from one partition are decided in one transaction,
 * and their offsets committed once after it: the same effects as one transaction per message,
 * through a failing message and through a crash between the transaction and the offset commit.
 */
describe('a fetched batch, decided in one transaction', () => {
  let fx: RuntimeFixture;
  let bus: KafkaBus;
  const poisoned = new Set<string>();
  const seen: string[] = [];

  /** Confirms each placed order, counting them per instance; throws for `poisoned` orders. */
  const manager: ProcessManager<{ placed: number }> = {
    name: 'test-batches',
    description: 'confirms orders, except poisoned ones',
    categories: ['order'],
    eventTypes: ['OrderPlaced'],
    instanceOf: (input) => (input.event.type === 'OrderPlaced' ? input.event.data.orderId : null),
    initialState: () => ({ placed: 0 }),
    decide(input, state) {
      if (input.event.type !== 'OrderPlaced') return [];
      const { orderId } = input.event.data;
      seen.push(orderId);
      if (poisoned.has(orderId)) throw new Error(`cannot handle order ${orderId}`);
      // Decided twice for one instance, it must see the first decision's state.
      const line = state.placed === 0 ? 'confirm' : `again-${state.placed}`;
      const data = { orderId, reservationTtlSeconds: 900, now: at };
      return [
        run(line, { command: { aggregate: 'order', command: { type: 'ConfirmOrder', data } } }),
      ];
    },
    evolve: (state) => ({ placed: state.placed + 1 }),
  };

  beforeAll(async () => {
    fx = await createRuntimeFixture('pm_batches');
    // One partition: every order's message lands in the same fetched batch.
    bus = new KafkaBus({
      brokers: kafkaBrokers(),
      partitions: 1,
      logger: quietLogger,
      settings: { sessionTimeoutMs: 6_000, rebalanceTimeoutMs: 6_000, heartbeatIntervalMs: 300 },
    });
  });
  afterAll(async () => {
    await bus.close();
    await fx.close();
  });

  async function placed(orderId: string): Promise<RecordedEvent> {
    const [recorded] = await fx.append(orderStream(orderId), [placedWithoutLines(orderId, at)]);
    return recorded;
  }

  const types = async (orderId: string) =>
    (await fx.store.readStream(orderStream(orderId))).map((event) => event.type);
  const confirmations = async (orderId: string) =>
    (await types(orderId)).filter((type) => type === 'OrderConfirmed').length;
  const inboxOf = (events: readonly RecordedEvent[]) =>
    fx
      .db('pm_inbox')
      .where({ manager: manager.name })
      .whereIn(
        'event_id',
        events.map((event) => event.eventId),
      )
      .select('event_id', 'handled_at');

  /** A worker's runner and scheduler on `via`, with the messages published before it joins. */
  async function worker(prefix: string, events: readonly RecordedEvent[], via: IntegrationBus) {
    await bus.ensureTopics([`${prefix}order`]);
    await bus.publish(events.map((event) => toBusMessage(event, prefix)));
    const scheduler = fx.scheduler(`batches-${randomUUID()}`);
    scheduler.start();
    const runner = new ManagerRunner(manager, {
      db: fx.db,
      store: fx.store,
      bus: via,
      topicPrefix: prefix,
      logger: quietLogger,
      scheduler,
      settings: { retryInitialMs: 20, retryMaxMs: 50 },
    });
    return { runner, scheduler };
  }

  const stopAll = async (runner: ManagerRunner, scheduler: Scheduler) => {
    await runner.stop();
    await scheduler.stop();
  };

  it('decides every event of a batch in one transaction, each once, in order per instance', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const events = [await placed(a), await placed(b)];
    // The relay may publish an event twice; a second event of one instance folds on the first.
    const [again] = await fx.append(orderStream(a), [
      { type: 'OrderPlaced', data: events[0].data } as OrderEvent,
    ]);
    const batch = [events[0], events[1], events[0], again];
    const reactions = await reactAll(manager, batch, { ...fx, scheduler: fx.scheduler('one-tx') });

    expect(reactions).toEqual(['decided', 'decided', 'duplicate', 'decided']);
    const inbox = await inboxOf([...events, again]);
    expect(inbox).toHaveLength(3);
    // now() is the transaction's start: one value for the batch's three inbox rows.
    expect(new Set(inbox.map((row) => new Date(row.handled_at).getTime())).size).toBe(1);
    const [state] = await fx.db('pm_state').where({ manager: manager.name, instance: a });
    expect({ state: state.state, version: state.version }).toEqual({
      state: { placed: 2 },
      version: 2,
    });
    expect(await confirmations(a)).toBe(1);
    expect(await confirmations(b)).toBe(1);

    // Delivered again (a crash before the offset commit): the inbox turns it all away.
    expect(await reactAll(manager, batch, { ...fx, scheduler: fx.scheduler('again') })).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await types(a)).toEqual(['OrderPlaced', 'OrderPlaced', 'OrderConfirmed']);
  });

  it('commits the rest of a batch once when one message fails, and retries that one until parked', async () => {
    const prefix = `${uniqueTopic('pm-batch-poison')}.`;
    const [first, bad, last] = [randomUUID(), randomUUID(), randomUUID()];
    poisoned.add(bad);
    const events = [await placed(first), await placed(bad), await placed(last)];
    const { runner, scheduler } = await worker(prefix, events, bus);
    await runner.start(() => undefined);
    try {
      await eventually(async () => seen.filter((id) => id === bad).length >= 3, WAIT_MS);
      await eventually(async () => (await confirmations(first)) === 1, WAIT_MS);
      // Tried whole (first, bad: rolled back), then one by one: first decided again, and once.
      const ours = new Set<string>([first, bad, last]);
      expect(seen.filter((id) => ours.has(id)).slice(0, 4)).toEqual([first, bad, first, bad]);
      const [state] = await processManagerStates(fx.db, [manager.name]);
      expect(state.failing).toEqual([
        expect.objectContaining({ type: 'OrderPlaced', error: expect.stringContaining(bad) }),
      ]);
      expect(await types(last)).toEqual(['OrderPlaced']);

      await parkEvent(fx.db, manager.name, state.failing[0].eventId);
      await eventually(async () => (await confirmations(last)) === 1, WAIT_MS);
      expect(await types(bad)).toEqual(['OrderPlaced']);
      expect(await confirmations(first)).toBe(1);
      expect((await inboxOf(events)).map((row) => row.event_id).sort()).toEqual(
        [events[0].eventId, events[2].eventId].sort(),
      );
    } finally {
      poisoned.delete(bad);
      await stopAll(runner, scheduler);
    }
  });

  it('runs nothing twice when a worker dies after the batch commits and before its offsets do', async () => {
    const prefix = `${uniqueTopic('pm-batch-crash')}.`;
    const orders = [randomUUID(), randomUUID(), randomUUID()];
    const events = await Promise.all(orders.map(placed));
    const deliveries: string[] = [];
    let crashes = 0;
    // The bus as the runner sees it: after the first batch is handled, the consumer dies before
    // its offsets are committed.
    const dying = new Proxy(bus, {
      get(target, key) {
        if (key !== 'consume') return Reflect.get(target, key, target) as unknown;
        return (options: ConsumeOptions) =>
          target.consume({
            ...options,
            handleBatch:
              options.handleBatch &&
              (async (messages, context) => {
                deliveries.push(...messages.map((message) => message.offset));
                await options.handleBatch?.(messages, context);
                if (crashes++ === 0) throw new Error('died before committing the offsets');
              }),
          });
      },
    });
    const { runner, scheduler } = await worker(prefix, events, dying);
    const crashed = new Promise<unknown>((resolve) => void runner.start(resolve));
    try {
      await crashed;
      await runner.stop();
      await runner.start(() => undefined);
      await eventually(
        async () => (await bus.lag(runner.groupId, runner.topics)).messages === 0,
        WAIT_MS,
      );
      for (const orderId of orders)
        await eventually(async () => (await confirmations(orderId)) === 1, WAIT_MS);

      expect(deliveries).toEqual(['0', '1', '2', '0', '1', '2']);
      expect(await inboxOf(events)).toHaveLength(3);
      for (const orderId of orders)
        expect(await types(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    } finally {
      await stopAll(runner, scheduler);
    }
  });
});
