import { comparePositions } from '../position-codec';
import { type EventFilter, type Position } from '../port';
import { type TailRead } from './live-subscription';

type ReadTail = (after: Position, limit: number, filter?: EventFilter) => Promise<TailRead>;

type Request = Readonly<{
  after: Position;
  limit: number;
  resolve: (read: TailRead) => void;
  reject: (error: unknown) => void;
}>;

type Queue = { filter: EventFilter | undefined; requests: Request[]; busy: boolean };

/**
 * One `$all` tail read for every caught-up subscriber of a store that an append woke, instead of
 * one read each: a process runs six projections (and, embedded, the relay) over one store, and
 * each append woke all of them.
 *
 * A round reads once from the lowest cursor asked for and hands each subscriber the events after
 * its own cursor. That is exactly what its own read would have returned in the same snapshot: the
 * same `(transaction_id, position) > cursor AND transaction_id < xmin` range, cut at its limit.
 * When the shared read was cut short by its limit before reaching a subscriber's limit, the rest
 * is unknown, so that subscriber reads on its own.
 *
 * A request made while a round's read is in flight waits for the next round: a read that began
 * before the append that woke the subscriber may not see it, and must never answer that wake-up.
 */
export class SharedTailReader {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly readTail: ReadTail) {}

  read(after: Position, limit: number, filter?: EventFilter): Promise<TailRead> {
    const key = filterKey(filter);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { filter, requests: [], busy: false };
      this.queues.set(key, queue);
    }
    const ready = queue;
    return new Promise<TailRead>((resolve, reject) => {
      ready.requests.push({ after, limit, resolve, reject });
      if (ready.busy) return;
      ready.busy = true;
      // One wake-up resumes every waiting subscriber in microtasks already queued; the round is
      // queued behind them, so they all share it. Not a macrotask: with setImmediate every live
      // read waited a turn of the event loop, and on PGlite the relay spec's 600 ms lease ran
      // out in 4 of 6 runs (its run restarted and republished).
      queueMicrotask(() => void this.drain(key, ready));
    });
  }

  private async drain(key: string, queue: Queue): Promise<void> {
    while (queue.requests.length > 0) {
      await this.serveRound(queue.requests.splice(0), queue.filter);
    }
    queue.busy = false;
    this.queues.delete(key);
  }

  private async serveRound(round: readonly Request[], filter: EventFilter | undefined) {
    const from = round.reduce(
      (lowest, r) => (comparePositions(r.after, lowest) < 0 ? r.after : lowest),
      round[0].after,
    );
    const limit = Math.max(...round.map((r) => r.limit));
    let shared: TailRead;
    try {
      shared = await this.readTail(from, limit, filter);
    } catch (error) {
      for (const request of round) request.reject(error);
      return;
    }
    const reachedEnd = shared.events.length < limit;
    for (const request of round) {
      const first = shared.events.findIndex((e) => comparePositions(e.position, request.after) > 0);
      const events = first < 0 ? [] : shared.events.slice(first, first + request.limit);
      if (reachedEnd || events.length === request.limit) {
        request.resolve({ events, heldBack: shared.heldBack });
      } else {
        this.readTail(request.after, request.limit, filter).then(request.resolve, request.reject);
      }
    }
  }
}

function filterKey(filter: EventFilter | undefined): string {
  return JSON.stringify([filter?.eventTypes ?? [], filter?.streamPrefixes ?? []]);
}
