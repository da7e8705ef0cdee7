import { randomUUID } from 'node:crypto';
import { InProcessBus } from '../../platform/bus/in-process/in-process-bus';
import { toBusMessage } from '../../platform/bus/integration-event';
import { eventually } from '../../platform/event-store/contract/contract-helpers';
import { streamName as orderStream } from '../../domain/order';
import {
  createRuntimeFixture,
  quietLogger,
  type RuntimeFixture,
} from '../test-support/runtime-fixture.testing';
import { placedWithoutLines } from '../test-support/orders.testing';
import { ManagerRunner } from './manager-runner';
import { parkEvent, retryParkedEvent } from './operations';
import { type ProcessManager, run } from './process-manager';
import { processManagerStates } from './status';

const PREFIX = 'parking.';
const at = '2026-01-10T09:00:00.000Z';

/**
 * A manager that cannot handle one event (a bug, a shape it does not know) is stuck on it, never
 * skips it, shows it in `list`, goes on once an operator parks it, and handles it when `retry`
 * re-drives it after the fix.
 */
describe('a poison event: stuck, parked, retried', () => {
  let fx: RuntimeFixture;
  let bus: InProcessBus;
  const poisoned = new Set<string>();
  const seen: string[] = [];

  /** Confirms each placed order; throws for the orders in `poisoned`. */
  const manager: ProcessManager<null> = {
    name: 'test-poison',
    description: 'confirms orders, except poisoned ones',
    categories: ['order'],
    eventTypes: ['OrderPlaced'],
    instanceOf: (input) => (input.event.type === 'OrderPlaced' ? input.event.data.orderId : null),
    initialState: () => null,
    decide(input) {
      if (input.event.type !== 'OrderPlaced') return [];
      const { orderId } = input.event.data;
      seen.push(orderId);
      if (poisoned.has(orderId)) throw new Error(`cannot handle order ${orderId}`);
      return [
        run('confirm', {
          command: {
            aggregate: 'order',
            command: {
              type: 'ConfirmOrder',
              data: { orderId, reservationTtlSeconds: 900, now: at },
            },
          },
        }),
      ];
    },
    evolve: () => null,
  };

  beforeAll(async () => {
    fx = await createRuntimeFixture('pm_parking');
    bus = new InProcessBus({ db: fx.db, logger: quietLogger, settings: { pollIntervalMs: 50 } });
  });
  afterAll(async () => {
    await bus.close();
    await fx.close();
  });

  async function place(orderId: string): Promise<void> {
    const [recorded] = await fx.append(orderStream(orderId), [placedWithoutLines(orderId, at)]);
    await bus.publish([toBusMessage(recorded, PREFIX)]);
  }

  const types = async (orderId: string) =>
    (await fx.store.readStream(orderStream(orderId))).map((event) => event.type);

  it('is retried, not skipped, until parked; the worker then goes on; retry handles it later', async () => {
    const scheduler = fx.scheduler('parking-worker');
    scheduler.start();
    const runner = new ManagerRunner(manager, {
      db: fx.db,
      store: fx.store,
      bus,
      topicPrefix: PREFIX,
      logger: quietLogger,
      scheduler,
      settings: { retryInitialMs: 20, retryMaxMs: 50 },
    });
    await runner.start(() => undefined);
    try {
      const [bad, next] = [randomUUID(), randomUUID()];
      poisoned.add(bad);
      await place(bad);
      await place(next);

      // Stuck: attempted again and again, shown with its error, and the next order waits.
      await eventually(async () => seen.filter((id) => id === bad).length >= 3);
      const [state] = await processManagerStates(fx.db, [manager.name]);
      expect(state.failing).toEqual([
        expect.objectContaining({ type: 'OrderPlaced', error: expect.stringContaining(bad) }),
      ]);
      expect(seen).not.toContain(next);
      expect(await types(next)).toEqual(['OrderPlaced']);

      // Parked: the worker moves on to the next order.
      const badEventId = state.failing[0].eventId;
      await parkEvent(fx.db, manager.name, badEventId);
      await eventually(async () => (await types(next)).includes('OrderConfirmed'));
      expect(await types(bad)).toEqual(['OrderPlaced']);
      const [parked] = await processManagerStates(fx.db, [manager.name]);
      expect(parked.failing).toEqual([]);
      expect(parked.parked.map((p) => p.eventId)).toEqual([badEventId]);

      // Fixed and re-driven: handled once, no longer parked.
      poisoned.delete(bad);
      expect(await retryParkedEvent(fx, manager as ProcessManager<never>, badEventId)).toBe(
        'decided',
      );
      await eventually(async () => (await types(bad)).includes('OrderConfirmed'));
      expect((await processManagerStates(fx.db, [manager.name]))[0].parked).toEqual([]);
      await expect(
        retryParkedEvent(fx, manager as ProcessManager<never>, badEventId),
      ).rejects.toThrow(/no parked event/);
    } finally {
      await runner.stop();
      await scheduler.stop();
    }
  });

  it('refuses to park an event the manager is not stuck on, naming the one it is', async () => {
    await expect(parkEvent(fx.db, manager.name, randomUUID())).rejects.toThrow(
      /is not stuck on any event/,
    );
  });
});
