const DRAINED = Symbol('drained');

/**
 * Groups a live event stream into batches: whatever the source has ready right now, up to
 * `maxSize`, without waiting for more. Catching up yields full batches; at the head, one event
 * arriving alone is handled alone, with no added latency.
 */
export async function* inBatches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  for (;;) {
    const first = await (pending ?? iterator.next());
    pending = undefined;
    if (first.done) return;
    const batch = [first.value];
    let ended = false;
    while (batch.length < maxSize) {
      pending = iterator.next();
      // A buffered event resolves within microtasks; setImmediate runs after them.
      const next = await Promise.race([pending, nextMacrotask()]);
      if (next === DRAINED) break;
      pending = undefined;
      if (next.done) {
        ended = true;
        break;
      }
      batch.push(next.value);
    }
    yield batch;
    if (ended) return;
  }
}

function nextMacrotask(): Promise<typeof DRAINED> {
  return new Promise((resolve) => setImmediate(() => resolve(DRAINED)));
}
