const DRAINED = Symbol('drained');

/**
 * Groups a live event stream into batches: whatever the source has ready right now, up to
 * `maxSize`, without waiting for more. Catching up yields full batches; at the head, one event
 * arriving alone is handled alone, with no added latency.
 *
 * When the caller stops iterating (break, throw), the source is closed with `return()`, so its
 * `finally` runs and its resources (a subscription's wake-up slot, its listener) are released.
 */
export async function* inBatches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  let finished = false;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done) {
        finished = true;
        return;
      }
      const batch = [first.value];
      while (batch.length < maxSize) {
        pending = iterator.next();
        // A buffered event resolves within microtasks; setImmediate runs after them.
        const next = await Promise.race([pending, nextMacrotask()]);
        if (next === DRAINED) break;
        pending = undefined;
        if (next.done) {
          finished = true;
          break;
        }
        batch.push(next.value);
      }
      yield batch;
      if (finished) return;
    }
  } finally {
    if (!finished) await closeSource(iterator, pending);
  }
}

/**
 * With no read in flight the source sits at a `yield`, and `return()` runs its `finally` at once.
 * With one in flight, an async generator queues the `return()` behind it; waiting for it here could
 * wait for an event that never comes, so it is left to complete when the source's owner stops it
 * (a subscription's `stop()` ends the read in flight).
 */
async function closeSource<T>(
  iterator: AsyncIterator<T>,
  pending: Promise<IteratorResult<T>> | undefined,
): Promise<void> {
  const closing = Promise.resolve(iterator.return?.()).catch(() => undefined);
  if (pending) {
    pending.catch(() => undefined);
    return;
  }
  await closing;
}

function nextMacrotask(): Promise<typeof DRAINED> {
  return new Promise((resolve) => setImmediate(() => resolve(DRAINED)));
}
