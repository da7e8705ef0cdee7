import { type EventStore, type EventToAppend } from '../port';
import {
  collectAll,
  eventually,
  idOf,
  newEvent,
  newEvents,
  uniquePrefix,
  untilReadable,
} from './contract-helpers';
import { type FixtureScope } from './contract-fixture';

/**
 * Appends round-robin to three streams, one event at a time, so the $all order is the call
 * order; returns once $all readers can see the last one.
 */
async function interleave(
  store: EventStore,
  prefix: string,
  count: number,
): Promise<EventToAppend[]> {
  const written: EventToAppend[] = [];
  let last = '';
  for (let i = 0; i < count; i++) {
    const event = newEvent(i % 2 === 0 ? 'Even' : 'Odd', { i });
    last = (await store.append(`${prefix}${i % 3}`, [event], 'any')).position;
    written.push(event);
  }
  await untilReadable(store, last);
  return written;
}

export function describeReadContract(scope: FixtureScope): void {
  describe('readStream', () => {
    test('forwards and backwards, from a revision, bounded by maxCount', async () => {
      const { store } = await scope.open();
      const s = `${uniquePrefix('read')}cart`;
      const events = newEvents(10);
      await store.append(s, events.slice(0, 4), 'no-stream');
      await store.append(s, events.slice(4), 3n);
      const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await store.readStream(s, options)).map((e) => Number(e.revision));

      expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect((await store.readStream(s)).map(idOf)).toEqual(events.map(idOf));
      expect(await revisions({ direction: 'backwards' })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      expect(await revisions({ fromRevision: 7n })).toEqual([7, 8, 9]);
      expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2, 1, 0]);
      expect(await revisions({ maxCount: 3 })).toEqual([0, 1, 2]);
      expect(await revisions({ fromRevision: 4n, maxCount: 2 })).toEqual([4, 5]);
      expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([9]);
      expect(await revisions({ maxCount: 50 })).toHaveLength(10);
      expect(await revisions({ maxCount: 0 })).toEqual([]);
      expect(await revisions({ fromRevision: 10n })).toEqual([]);
    });

    test('a stream that does not exist reads as empty', async () => {
      const { store } = await scope.open();
      expect(await store.readStream(`${uniquePrefix('missing')}x`)).toEqual([]);
      expect(
        await store.readStream(`${uniquePrefix('missing')}x`, { direction: 'backwards' }),
      ).toEqual([]);
    });
  });

  describe('readStreams', () => {
    test('reads each named stream whole and forwards, a missing one as empty, a name given twice once', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('streams');
      const order = newEvents(3);
      const product = newEvents(2);
      await store.append(`${prefix}order`, order.slice(0, 2), 'no-stream');
      await store.append(`${prefix}product`, product, 'no-stream');
      await store.append(`${prefix}order`, order.slice(2), 1n);
      await store.append(`${prefix}other`, newEvents(1), 'no-stream');

      const read = await store.readStreams([
        `${prefix}product`,
        `${prefix}missing`,
        `${prefix}order`,
        `${prefix}product`,
      ]);

      expect([...read.keys()].sort()).toEqual(
        [`${prefix}missing`, `${prefix}order`, `${prefix}product`].sort(),
      );
      expect(read.get(`${prefix}order`)!.map(idOf)).toEqual(order.map(idOf));
      expect(read.get(`${prefix}order`)!.map((e) => Number(e.revision))).toEqual([0, 1, 2]);
      expect(read.get(`${prefix}product`)!.map(idOf)).toEqual(product.map(idOf));
      expect(read.get(`${prefix}product`)!.every((e) => e.streamName === `${prefix}product`)).toBe(
        true,
      );
      expect(read.get(`${prefix}missing`)).toEqual([]);
      // The same events as one readStream each: positions and all.
      expect(read.get(`${prefix}order`)).toEqual(await store.readStream(`${prefix}order`));
      expect((await store.readStreams([])).size).toBe(0);
    });
  });

  describe('readAll', () => {
    test('reads $all in append order, in batches, with strictly increasing positions', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('all');
      const from = await store.headPosition();
      const written = await interleave(store, prefix, 12);
      const batches = await collectAll(
        store.readAll({ fromPosition: from, batchSize: 5, filter: { streamPrefixes: [prefix] } }),
      );
      const events = batches.flat();
      expect(events.map(idOf)).toEqual(written.map(idOf));
      expect(batches.every((b) => b.length <= 5 && b.length > 0)).toBe(true);
      for (let i = 1; i < events.length; i++) {
        expect(store.comparePositions(events[i - 1].position, events[i].position)).toBeLessThan(0);
      }
      expect(
        events.map((e) => `${e.streamName.slice(prefix.length)}@${e.revision}`).slice(0, 6),
      ).toEqual(['0@0', '1@0', '2@0', '0@1', '1@1', '2@1']);
    });

    test('resumes after a checkpoint (exclusive), honours maxCount and filters', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('resume');
      const from = await store.headPosition();
      const written = await interleave(store, prefix, 9);
      const filter = { streamPrefixes: [prefix] };
      const firstFour = (
        await collectAll(store.readAll({ fromPosition: from, filter, maxCount: 4 }))
      ).flat();
      expect(firstFour.map(idOf)).toEqual(written.slice(0, 4).map(idOf));

      const rest = (
        await collectAll(store.readAll({ fromPosition: firstFour[3].position, filter }))
      ).flat();
      expect(rest.map(idOf)).toEqual(written.slice(4).map(idOf));

      const odd = (
        await collectAll(
          store.readAll({ fromPosition: from, filter: { ...filter, eventTypes: ['Odd'] } }),
        )
      ).flat();
      expect(odd.map(idOf)).toEqual(written.filter((_, i) => i % 2 === 1).map(idOf));
    });

    test('the head position reaches the last append and orders after earlier ones', async () => {
      const { store } = await scope.open();
      const before = await store.headPosition();
      const { position } = await store.append(
        `${uniquePrefix('head')}x`,
        [newEvent()],
        'no-stream',
      );
      expect(store.comparePositions(before, position)).toBeLessThan(0);
      // Other test files may hold a transaction open on a shared server for a moment.
      await eventually(
        async () => store.comparePositions(await store.headPosition(), position) >= 0,
      );
      expect(store.comparePositions(position, position)).toBe(0);
      expect(await store.oldestInFlightWriteAgeSeconds()).toBeGreaterThanOrEqual(0);
    });
  });

  describe('countEventsAfter', () => {
    const unsupported = scope.factory.openEmpty
      ? undefined
      : (scope.factory.emptyStoreUnsupported ?? 'the factory has no openEmpty');
    (unsupported ? test.skip : test)(
      unsupported
        ? `an empty store counts 0, then every event appended (SKIPPED: ${unsupported})`
        : 'an empty store counts 0, then every event appended',
      async () => {
        const { store } = await scope.openEmpty();
        expect(await store.countEventsAfter()).toBe(0);
        expect(await store.countEventsAfter(await store.headPosition())).toBe(0);
        const prefix = uniquePrefix('count-empty');
        await store.append(`${prefix}a`, newEvents(2), 'no-stream');
        const { position } = await store.append(`${prefix}b`, newEvents(3), 'no-stream');
        await untilReadable(store, position);
        expect(await store.countEventsAfter()).toBe(5);
        expect(await store.countEventsAfter(position)).toBe(0);
      },
    );

    test('counts exactly what a reader at a position has still to read, 0 at the head', async () => {
      const { store } = await scope.open();
      const prefix = uniquePrefix('count');
      const from = await store.headPosition();
      const written = await interleave(store, prefix, 5);
      // One append of several events too: they share a transaction on PostgreSQL.
      const several = newEvents(3);
      const { position: last } = await store.append(`${prefix}many`, several, 'no-stream');
      written.push(...several);
      await untilReadable(store, last);
      const n = written.length;

      // Unfiltered: counting covers all of $all, and nothing else writes to this store meanwhile.
      const events = (await collectAll(store.readAll({ fromPosition: from }))).flat();
      expect(events.map(idOf)).toEqual(written.map(idOf));

      expect(await store.countEventsAfter(from)).toBe(n);
      for (let k = 1; k <= n; k++) {
        expect(await store.countEventsAfter(events[k - 1].position)).toBe(n - k);
      }
      const head = await store.headPosition();
      expect(head).toBe(last);
      expect(await store.countEventsAfter(head)).toBe(0);

      // Omitted: from the very start, so one more than after the first event of $all.
      const [first] = (await collectAll(store.readAll({ maxCount: 1 }))).flat();
      const total = await store.countEventsAfter();
      expect(total).toBe((await store.countEventsAfter(first.position)) + 1);
      expect(total).toBeGreaterThanOrEqual(n);
    });
  });
}
