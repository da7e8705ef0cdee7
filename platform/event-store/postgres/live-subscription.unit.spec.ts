import { take } from '../contract/contract-helpers';
import { comparePositions } from '../position-codec';
import { type AllReader, type LiveTimings, LiveSubscription } from './live-subscription';
import { numberedEvent, seqs } from './numbered-events.testing';
import { WakeHub } from './wake-up';

const timings: LiveTimings = {
  pollIntervalMs: 60_000,
  heldBackPollMs: 5,
  maxHeldBackPollMs: 20,
  maxBackoffMs: 20,
  batchSize: 3,
};

/** $all in memory; `visible` plays the snapshot xmin, `failNext` a dropped connection. */
function fakeReader(total: number) {
  const events = Array.from({ length: total }, (_, i) => numberedEvent(i + 1));
  const state = { visible: total, failNext: 0, reads: 0, heldBackReads: 0 };
  const reader: AllReader = {
    async readAfter(after, limit) {
      state.reads += 1;
      if (state.failNext > 0) {
        state.failNext -= 1;
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      }
      const heldBack = state.visible < events.length;
      if (heldBack) state.heldBackReads += 1;
      return {
        events: events
          .slice(0, state.visible)
          .filter((e) => comparePositions(e.position, after) > 0)
          .slice(0, limit),
        heldBack,
      };
    },
    async startListening() {},
  };
  return { reader, state, events };
}

describe('LiveSubscription', () => {
  test('catches up across batches, prefetching, without repeating an event', async () => {
    const { reader, state } = fakeReader(10);
    const subscription = new LiveSubscription(reader, new WakeHub(), {}, timings);
    expect(seqs(await take(subscription[Symbol.asyncIterator](), 10))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    await subscription.stop();
    expect(state.reads).toBe(4); // 3 + 3 + 3 + 1: no re-reads
  });

  test('after a dropped connection it resumes from the last delivered event', async () => {
    const { reader, state } = fakeReader(12);
    const retries: number[] = [];
    const subscription = new LiveSubscription(
      reader,
      new WakeHub(),
      { onRetry: (_, n) => retries.push(n) },
      timings,
    );
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await take(iterator, 4);
    state.failNext = 3;
    const rest = await take(iterator, 8);
    await subscription.stop();
    expect(seqs([...first, ...rest])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(retries).toEqual([1, 2, 3]);
  });

  test('a non-transient error ends the iteration with that error', async () => {
    const reader: AllReader = {
      ...fakeReader(3).reader,
      readAfter: async () => {
        throw Object.assign(new Error('relation "event_store.events" does not exist'), {
          code: '42P01',
        });
      },
    };
    const subscription = new LiveSubscription(reader, new WakeHub(), {}, timings);
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toThrow('does not exist');
  });

  test('while rows are held back it re-reads on its own, without any wake-up', async () => {
    const { reader, state } = fakeReader(5);
    state.visible = 2;
    const subscription = new LiveSubscription(reader, new WakeHub(), {}, timings);
    const iterator = subscription[Symbol.asyncIterator]();
    expect(seqs(await take(iterator, 2))).toEqual([1, 2]);
    setTimeout(() => (state.visible = 5), 50); // the old transaction commits; nobody notifies
    expect(seqs(await take(iterator, 3, 2_000))).toEqual([3, 4, 5]);
    await subscription.stop();
    expect(state.heldBackReads).toBeGreaterThan(1);
  });

  test('a wake-up makes a caught-up subscription read at once; stop() ends it', async () => {
    const { reader, state } = fakeReader(4);
    state.visible = 1;
    const hub = new WakeHub();
    const subscription = new LiveSubscription(
      reader,
      hub,
      {},
      { ...timings, heldBackPollMs: 60_000, maxHeldBackPollMs: 60_000 },
    );
    const iterator = subscription[Symbol.asyncIterator]();
    expect(seqs(await take(iterator, 1))).toEqual([1]);
    state.visible = 4;
    hub.wakeAll();
    expect(seqs(await take(iterator, 3, 1_000))).toEqual([2, 3, 4]);
    const pending = iterator.next();
    await subscription.stop();
    await expect(pending).resolves.toMatchObject({ done: true });
    expect(hub.size).toBe(0);
  });
  test('stop() ends an iteration whose caller stopped pulling mid-batch, once per run', async () => {
    const { reader } = fakeReader(10);
    const hub = new WakeHub();
    let finished = 0;
    for (let run = 0; run < 4; run++) {
      const subscription = new LiveSubscription(reader, hub, {}, timings, () => finished++);
      // Two of a batch of three taken: the generator is parked at a yield, with no read in flight.
      await take(subscription[Symbol.asyncIterator](), 2);
      await subscription.stop();
    }
    expect(finished).toBe(4);
    expect(hub.size).toBe(0);
  });
});
