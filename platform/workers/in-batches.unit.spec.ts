import { inBatches } from './in-batches';

/** A source that counts how often its `finally` ran: once per iteration that was closed. */
function countingSource(values: number[]) {
  const state = { opened: 0, closed: 0 };
  const source = {
    async *[Symbol.asyncIterator]() {
      state.opened += 1;
      try {
        for (const value of values) yield value;
        await new Promise(() => undefined); // live: nothing more ever arrives
      } finally {
        state.closed += 1;
      }
    },
  };
  return { source, state };
}

describe('inBatches', () => {
  test('groups what is ready, up to the maximum, in order', async () => {
    const { source } = countingSource([1, 2, 3, 4, 5]);
    const seen: number[][] = [];
    for await (const batch of inBatches(source, 2)) {
      seen.push(batch);
      if (seen.flat().length === 4) break;
    }
    expect(seen).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  test('closes the source each time the caller stops iterating, so its finally runs', async () => {
    const { source, state } = countingSource(Array.from({ length: 100 }, (_, i) => i));
    const restarts = 5;
    for (let run = 0; run < restarts; run++) {
      for await (const batch of inBatches(source, 10)) {
        expect(batch).toHaveLength(10);
        break; // a run that ends mid-catch-up (lost lease, conflict, stop)
      }
    }
    expect(state).toEqual({ opened: restarts, closed: restarts });
  });

  test('closes the source when the caller throws', async () => {
    const { source, state } = countingSource([1, 2, 3]);
    await expect(
      (async () => {
        for await (const batch of inBatches(source, 3)) throw new Error(`cannot apply ${batch}`);
      })(),
    ).rejects.toThrow('cannot apply 1,2,3');
    expect(state.closed).toBe(1);
  });
});
