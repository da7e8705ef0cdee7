import { take } from '../contract/contract-helpers';
import { comparePositions } from '../position-codec';
import { type EventFilter, type Position } from '../port';
import { type LiveTimings, LiveSubscription, type TailRead } from './live-subscription';
import { SharedTailReader } from './shared-tail';
import { numberedEvent, numberedPosition, seqs } from './numbered-events.testing';
import { WakeHub } from './wake-up';

const at = numberedPosition;

/** $all in memory, `visible` events readable; each read is recorded and may be held open. */
function fakeTail(total: number) {
  const events = Array.from({ length: total }, (_, i) => numberedEvent(i + 1));
  const state = {
    visible: total,
    reads: [] as { after: Position; limit: number; filter?: EventFilter }[],
    hold: undefined as Promise<void> | undefined,
    failNext: false,
  };
  const readTail = async (
    after: Position,
    limit: number,
    filter?: EventFilter,
  ): Promise<TailRead> => {
    state.reads.push({ after, limit, filter });
    // The snapshot is taken when the read starts, as PostgreSQL's is.
    const visible = events.slice(0, state.visible);
    await state.hold;
    if (state.failNext) {
      state.failNext = false;
      throw Object.assign(new Error('terminating connection'), { code: '57P01' });
    }
    return {
      events: visible.filter((e) => comparePositions(e.position, after) > 0).slice(0, limit),
      heldBack: false,
    };
  };
  return { readTail, state, events };
}

describe('SharedTailReader', () => {
  test('one read answers subscribers at different positions, each from its own cursor', async () => {
    const { readTail, state } = fakeTail(10);
    const shared = new SharedTailReader(readTail);
    const answers = await Promise.all([
      shared.read(at(7), 500),
      shared.read(at(2), 500),
      shared.read(at(10), 500),
      shared.read(at(5), 500),
    ]);
    expect(answers.map((a) => seqs(a.events))).toEqual([
      [8, 9, 10],
      [3, 4, 5, 6, 7, 8, 9, 10],
      [],
      [6, 7, 8, 9, 10],
    ]);
    expect(state.reads).toEqual([{ after: at(2), limit: 500, filter: undefined }]);
  });

  test('each answer stops at its own limit, so a subscriber with more to read knows it', async () => {
    const { readTail } = fakeTail(10);
    const shared = new SharedTailReader(readTail);
    const [small, large] = await Promise.all([shared.read(at(1), 3), shared.read(at(4), 500)]);
    expect(seqs(small.events)).toEqual([2, 3, 4]);
    expect(seqs(large.events)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  test('when the shared read stops at its limit short of a subscriber, that one reads on its own', async () => {
    const { readTail, state } = fakeTail(10);
    const shared = new SharedTailReader(readTail);
    const [behind, partly, beyond] = await Promise.all([
      shared.read(at(0), 4),
      shared.read(at(2), 4),
      shared.read(at(6), 4),
    ]);
    expect(seqs(behind.events)).toEqual([1, 2, 3, 4]);
    expect(seqs(partly.events)).toEqual([3, 4, 5, 6]);
    expect(seqs(beyond.events)).toEqual([7, 8, 9, 10]);
    expect(state.reads.map((r) => r.after)).toEqual([at(0), at(2), at(6)]);
  });

  test('a request made while a read is in flight waits for a read that starts after it', async () => {
    const { readTail, state } = fakeTail(10);
    state.visible = 3;
    let release!: () => void;
    state.hold = new Promise((resolve) => (release = resolve));
    const shared = new SharedTailReader(readTail);
    const first = shared.read(at(0), 500);
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.reads).toHaveLength(1); // in flight, on a snapshot that holds 3 events
    state.visible = 10; // an append commits, and wakes a second subscriber
    const second = shared.read(at(0), 500);
    state.hold = undefined;
    release();
    expect(seqs((await first).events)).toEqual([1, 2, 3]);
    expect(seqs((await second).events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(state.reads).toHaveLength(2);
  });

  test('subscribers with different filters do not share a read', async () => {
    const { readTail, state } = fakeTail(3);
    const shared = new SharedTailReader(readTail);
    await Promise.all([
      shared.read(at(0), 500, { eventTypes: ['Numbered'] }),
      shared.read(at(0), 500),
      shared.read(at(1), 500, { eventTypes: ['Numbered'] }),
    ]);
    expect(state.reads.map((r) => r.filter)).toEqual([{ eventTypes: ['Numbered'] }, undefined]);
  });

  test('a failed read fails every request of its round, and the next round reads again', async () => {
    const { readTail, state } = fakeTail(3);
    state.failNext = true;
    const shared = new SharedTailReader(readTail);
    const failed = await Promise.allSettled([shared.read(at(0), 500), shared.read(at(1), 500)]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(seqs((await shared.read(at(1), 500)).events)).toEqual([2, 3]);
  });
});

describe('live subscriptions over one SharedTailReader', () => {
  const timings: LiveTimings = {
    pollIntervalMs: 60_000,
    heldBackPollMs: 60_000,
    maxHeldBackPollMs: 60_000,
    maxBackoffMs: 20,
    batchSize: 4,
  };

  test('subscribers at different positions each get every later event once, in order, from one read per wake-up', async () => {
    const { readTail, state } = fakeTail(40);
    state.visible = 12;
    const shared = new SharedTailReader(readTail);
    const hub = new WakeHub();
    const reader = {
      readAfter: readTail,
      readAtTail: (after: Position, limit: number, filter?: EventFilter) =>
        shared.read(after, limit, filter),
      startListening: async () => undefined,
    };
    const starts = [0, 3, 9, 12];
    const subscriptions = starts.map(
      (seq) => new LiveSubscription(reader, hub, { fromPosition: at(seq) }, timings),
    );
    const iterators = subscriptions.map((s) => s[Symbol.asyncIterator]());
    const received = await Promise.all(iterators.map((it, i) => take(it, 12 - starts[i])));
    expect(received.map(seqs)).toEqual(
      starts.map((seq) => Array.from({ length: 12 - seq }, (_, i) => seq + i + 1)),
    );

    // All four caught up and waiting. Each time, three events commit and one wake-up reaches all.
    for (let head = 12; head < 27; head += 3) {
      const pending = iterators.map((it) => take(it, 3));
      await new Promise((resolve) => setImmediate(resolve)); // every subscriber parked in its wait
      const readsBefore = state.reads.length;
      state.visible = head + 3;
      hub.wakeAll();
      expect((await Promise.all(pending)).map(seqs)).toEqual(
        starts.map(() => [head + 1, head + 2, head + 3]),
      );
      expect(state.reads.slice(readsBefore)).toEqual([{ after: at(head), limit: 4 }]);
    }
    await Promise.all(subscriptions.map((s) => s.stop()));
  });
});
