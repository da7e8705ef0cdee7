import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError, EmptyAppendError } from '../errors';
import { type EventStore, type ExpectedRevision } from '../port';
import {
  collectAll,
  idOf,
  newEvent,
  newEvents,
  uniquePrefix,
  untilReadable,
} from './contract-helpers';
import { type FixtureScope } from './contract-fixture';

async function expectConflict(
  store: EventStore,
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | 'no-stream',
): Promise<void> {
  const attempt = store.append(stream, [newEvent()], expected);
  await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
  await expect(attempt).rejects.toMatchObject({ streamName: stream, actual });
}

export function describeAppendContract(scope: FixtureScope): void {
  describe('append', () => {
    const stream = (): string => uniquePrefix('append') + 'order';

    test('no-stream creates the stream; events read back exactly as written', async () => {
      const { store } = await scope.open();
      const s = stream();
      const events = [
        newEvent('OrderPlaced', { lines: [{ sku: 'A-1', quantity: 2 }], note: 'é "q" \\ \u0000' }),
        newEvent(),
      ];
      const result = await store.append(s, events, 'no-stream');
      expect(result.nextRevision).toBe(1n);
      const read = await store.readStream(s);
      expect(
        read.map((e) => [e.eventId, e.type, e.data, e.metadata, e.streamName, e.revision]),
      ).toEqual(events.map((e, i) => [e.eventId, e.type, e.data, e.metadata, s, BigInt(i)]));
      expect(read[1].position).toBe(result.position);
      expect(store.comparePositions(read[0].position, read[1].position)).toBeLessThan(0);
    });

    test('no-stream on an existing stream conflicts, carrying the actual revision', async () => {
      const { store } = await scope.open();
      const s = stream();
      await store.append(s, newEvents(3), 'no-stream');
      await expectConflict(store, s, 'no-stream', 2n);
    });

    test('an exact revision appends when it matches and conflicts when it does not', async () => {
      const { store } = await scope.open();
      const s = stream();
      await store.append(s, newEvents(2), 'no-stream');
      expect((await store.append(s, newEvents(2), 1n)).nextRevision).toBe(3n);
      await expectConflict(store, s, 1n, 3n);
      await expectConflict(store, s, 7n, 3n);
      await expectConflict(store, stream(), 0n, 'no-stream');
    });

    test('stream-exists appends to an existing stream and conflicts on a missing one', async () => {
      const { store } = await scope.open();
      const s = stream();
      await store.append(s, [newEvent()], 'no-stream');
      expect((await store.append(s, [newEvent()], 'stream-exists')).nextRevision).toBe(1n);
      await expectConflict(store, stream(), 'stream-exists', 'no-stream');
    });

    test('any appends whether or not the stream exists', async () => {
      const { store } = await scope.open();
      const s = stream();
      expect((await store.append(s, newEvents(2), 'any')).nextRevision).toBe(1n);
      expect((await store.append(s, [newEvent()], 'any')).nextRevision).toBe(2n);
    });

    test.each<[string, boolean, ExpectedRevision]>([
      ['no-stream', false, 'no-stream'],
      ['an exact revision', true, 1n],
      ['stream-exists', true, 'stream-exists'],
      ['any', true, 'any'],
    ])(
      're-appending the same events under %s returns the first result and writes nothing',
      async (_, seeded, expected) => {
        const { store } = await scope.open();
        const s = stream();
        if (seeded) await store.append(s, newEvents(2), 'no-stream');
        const events = newEvents(3);
        const first = await store.append(s, events, expected);
        const again = await store.append(s, events, expected);
        expect(again).toEqual(first);
        const stored = (await store.readStream(s)).map(idOf);
        expect(stored).toHaveLength(seeded ? 5 : 3);
        expect(stored.slice(-3)).toEqual(events.map(idOf));
      },
    );

    test('the same events under a stale, different expectation conflict', async () => {
      const { store } = await scope.open();
      const s = stream();
      const events = newEvents(2);
      await store.append(s, events, 'no-stream');
      await store.append(s, [newEvent()], 1n);
      await expect(store.append(s, events, 5n)).rejects.toMatchObject({ actual: 2n });
    });

    const idsPerStream = !scope.factory.globallyUniqueEventIds;
    (idsPerStream ? test.skip : test)(
      idsPerStream
        ? 'event ids already used in another stream are refused (SKIPPED: this store keeps event ids unique per stream only)'
        : 'event ids already used in another stream are refused',
      async () => {
        const { store } = await scope.open();
        const events = newEvents(2);
        await store.append(stream(), events, 'no-stream');
        await expect(store.append(stream(), events, 'any')).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        await expect(
          store.append(stream(), [events[1], newEvent()], 'no-stream'),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
      },
    );

    test('an empty append is refused', async () => {
      const { store } = await scope.open();
      await expect(store.append(stream(), [], 'any')).rejects.toBeInstanceOf(EmptyAppendError);
    });

    test('a 1 MiB event round-trips through readStream and readAll', async () => {
      const { store } = await scope.open();
      const s = stream();
      const from = await store.headPosition();
      const blob = `${'0123456789abcdef'.repeat(65_536)}`; // 1 MiB of data
      const big = newEvent('LargeThing', { blob, unicode: 'ü€𝄞' });
      const result = await store.append(s, [big], 'no-stream');
      const [read] = await store.readStream(s);
      expect(read.data).toEqual(big.data);
      await untilReadable(store, result.position);
      const batches = await collectAll(
        store.readAll({ fromPosition: from, filter: { streamPrefixes: [s] } }),
      );
      expect(batches.flat().map((e) => [e.eventId, e.position])).toEqual([
        [big.eventId, result.position],
      ]);
      expect((batches.flat()[0].data as { blob: string }).blob).toHaveLength(1 << 20);
    });

    test('unicode stream names work everywhere', async () => {
      const { store } = await scope.open();
      const s = `${uniquePrefix('zakázka')}注文-🛒-Ωmega`;
      const from = await store.headPosition();
      await store.append(s, newEvents(2), 'no-stream');
      const { position } = await store.append(s, [newEvent()], 1n);
      expect((await store.readStream(s)).map((e) => e.streamName)).toEqual([s, s, s]);
      await untilReadable(store, position);
      const all = (
        await collectAll(store.readAll({ fromPosition: from, filter: { streamPrefixes: [s] } }))
      ).flat();
      expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(await store.readStream(`${s}-${randomUUID()}`)).toEqual([]);
    });
  });
}
