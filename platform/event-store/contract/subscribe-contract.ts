import { type EventToAppend, type RecordedEvent } from '../port';
import {
  expectNothingMore,
  idOf,
  newEvent,
  newEvents,
  take,
  uniquePrefix,
} from './contract-helpers';
import { type FixtureScope } from './contract-fixture';

function expectInPositionOrder(
  events: readonly RecordedEvent[],
  compare: (a: string, b: string) => number,
): void {
  for (let i = 1; i < events.length; i++) {
    expect(compare(events[i - 1].position, events[i].position)).toBeLessThan(0);
  }
}

export function describeSubscribeContract(scope: FixtureScope): void {
  describe('subscribeToAll', () => {
    test('catches up, then delivers events appended later, in order', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('live');
      const from = await store.headPosition();
      const early = newEvents(3);
      await store.append(`${prefix}a`, early, 'no-stream');
      const subscription = store.subscribeToAll({
        fromPosition: from,
        filter: { streamPrefixes: [prefix] },
      });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 3)).map(idOf)).toEqual(early.map(idOf));

      const late = [newEvent(), newEvent()];
      await store.append(`${prefix}b`, [late[0]], 'no-stream');
      await store.append(`${prefix}a`, [late[1]], 2n);
      const delivered = await take(iterator, 2);
      expect(delivered.map(idOf)).toEqual(late.map(idOf));
      expectInPositionOrder(delivered, (a, b) => store.comparePositions(a, b));
      await expectNothingMore(iterator);
      await subscription.stop();
    });

    test('delivers appends made through another store instance (another process)', async () => {
      const reader = await scope.open();
      const writer = await scope.open();
      const prefix = uniquePrefix('xproc');
      const subscription = reader.store.subscribeToAll({
        fromPosition: await reader.store.headPosition(),
        filter: { streamPrefixes: [prefix] },
      });
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = take(iterator, 4);
      const written: EventToAppend[] = [];
      for (let i = 0; i < 4; i++) {
        const event = newEvent();
        written.push(event);
        await writer.store.append(`${prefix}s`, [event], 'any');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await pending).map(idOf)).toEqual(written.map(idOf));
      await subscription.stop();
    });

    test('resumes from a stored checkpoint without repeating or skipping', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('checkpoint');
      const from = await store.headPosition();
      const written = newEvents(6);
      await store.append(`${prefix}s`, written, 'no-stream');
      const filter = { streamPrefixes: [prefix] };

      const first = store.subscribeToAll({ fromPosition: from, filter });
      const handled = await take(first[Symbol.asyncIterator](), 2);
      await first.stop();
      const checkpoint = handled[1].position;

      const second = store.subscribeToAll({ fromPosition: checkpoint, filter });
      const iterator = second[Symbol.asyncIterator]();
      expect((await take(iterator, 4)).map(idOf)).toEqual(written.slice(2).map(idOf));
      await expectNothingMore(iterator);
      await second.stop();
    });

    test('filters by event type', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('types');
      const from = await store.headPosition();
      const wanted = newEvent('Wanted');
      await store.append(
        `${prefix}s`,
        [newEvent('Ignored'), wanted, newEvent('Ignored')],
        'no-stream',
      );
      const subscription = store.subscribeToAll({
        fromPosition: from,
        filter: { eventTypes: ['Wanted'], streamPrefixes: [prefix] },
      });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1)).map(idOf)).toEqual([wanted.eventId]);
      await expectNothingMore(iterator);
      await subscription.stop();
    });

    test('stop() ends an idle subscription', async () => {
      const { store } = await scope.open();
      const subscription = store.subscribeToAll({
        fromPosition: await store.headPosition(),
        filter: { streamPrefixes: [uniquePrefix('idle')] },
      });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await subscription.stop();
      await expect(next).resolves.toMatchObject({ done: true });
    });

    const unsupported = scope.factory.dropConnectionsUnsupported;
    (unsupported ? test.skip : test)(
      unsupported
        ? `survives the server dropping its connections (SKIPPED: ${unsupported})`
        : 'survives the server dropping its connections: no loss, no duplicates',
      async () => {
        const reader = await scope.open();
        const writer = await scope.open();
        const prefix = uniquePrefix('drop');
        const from = await writer.store.headPosition();
        const before = newEvents(300);
        for (let i = 0; i < before.length; i += 50) {
          await writer.store.append(`${prefix}${i / 50}`, before.slice(i, i + 50), 'no-stream');
        }
        const subscription = reader.store.subscribeToAll({
          fromPosition: from,
          filter: { streamPrefixes: [prefix] },
          batchSize: 20,
        });
        const iterator = subscription[Symbol.asyncIterator]();
        const delivered: RecordedEvent[] = [];
        for (let round = 0; round < 6; round++) {
          delivered.push(...(await take(iterator, 50)));
          await reader.dropConnections?.(); // mid catch-up: the next read hits a dead connection
        }
        // Caught up and idle: what follows must arrive through a listener that had to reconnect.
        const after = newEvents(20);
        for (const event of after) await writer.store.append(`${prefix}live`, [event], 'any');
        delivered.push(...(await take(iterator, after.length)));
        await expectNothingMore(iterator);
        await subscription.stop();

        expect(delivered.map(idOf)).toEqual([...before, ...after].map(idOf));
        expectInPositionOrder(delivered, (a, b) => reader.store.comparePositions(a, b));
      },
    );
  });
}
