/**
 * How a rebuild cuts the replay into transactions. A replay transaction holds a transaction id
 * from its first write to its commit, and while it does, `pg_snapshot_xmin` cannot pass it: every
 * live subscriber in the cluster (event store reads keep below it) waits. So chunks are sized by
 * time, not by count: each aims at `targetMs` of writing, measured on the previous chunk, and
 * grows at most twofold at a time, so one slow chunk cannot follow a fast one by surprise.
 * Larger chunks are cheaper (a hot row, such as a product's stock, is written once per chunk),
 * so they grow as far as the target allows, up to `maxEvents`.
 */
export class ChunkSizer {
  private events: number;

  constructor(
    private readonly settings: Readonly<{
      minEvents: number;
      maxEvents: number;
      targetMs: number;
    }>,
  ) {
    this.events = settings.minEvents;
  }

  /** Events in the next chunk. */
  get size(): number {
    return this.events;
  }

  /** The previous chunk's size and its slowest transaction, from its first statement. */
  record(events: number, slowestMs: number): void {
    if (events === 0) return;
    const { minEvents, maxEvents, targetMs } = this.settings;
    const fitting = slowestMs > 0 ? Math.floor((events * targetMs) / slowestMs) : maxEvents;
    this.events = Math.max(minEvents, Math.min(maxEvents, fitting, events * 2));
  }
}

/** Cuts a stream of batches into chunks of `size()` events (the last may hold fewer). */
export async function* chunked<T>(
  source: AsyncIterable<readonly T[]>,
  size: () => number,
): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const batch of source) {
    pending = pending.length === 0 ? [...batch] : pending.concat(batch);
    for (let count = size(); pending.length >= count; count = size()) {
      yield pending.slice(0, count);
      pending = pending.slice(count);
    }
  }
  if (pending.length > 0) yield pending;
}

/** Reads the next chunk while the current one is being applied. */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let next = iterator.next();
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // An unhandled rejection of the prefetch would crash the process; it is rethrown on await.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // A rebuild that stops early ends the read too (the source's own `finally` runs).
    await iterator.return?.();
  }
}
