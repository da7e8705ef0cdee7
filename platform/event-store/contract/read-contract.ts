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
import { type FixtureScope } from './event-store-contract';

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
}
