import { START_POSITION } from '../position-codec';
import {
  type EventFilter,
  type Position,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { isTransientDatabaseError } from './query-client';
import { type WakeHub, WakeSignal } from './wake-up';

/** One read of a live subscription. */
export type TailRead = Readonly<{
  /** Events strictly after the cursor that no in-flight transaction can still precede. */
  events: RecordedEvent[];
  /**
   * Whether committed events exist that readers must not pass yet (see read-sql.ts), seen in the
   * same snapshot as `events`: one round trip for a caught-up subscriber, not two.
   */
  heldBack: boolean;
}>;

/** What a live subscription needs from the store. */
export type AllReader = Readonly<{
  /** A read of the subscriber's own: the first one, and each while catching up. */
  readAfter(after: Position, limit: number, filter?: EventFilter): Promise<TailRead>;
  /**
   * The read after a caught-up wait (a wake-up, the poll, rows held back), when the store's other
   * caught-up subscribers are likely to read the same tail: the store may share one read between
   * them (shared-tail.ts). Without it, `readAfter`.
   */
  readAtTail?(after: Position, limit: number, filter?: EventFilter): Promise<TailRead>;
  /** Makes sure appends in other processes wake the hub (idempotent, never throws). */
  startListening(): Promise<void>;
}>;

export type LiveTimings = Readonly<{
  /** Safety net when no wake-up arrives (lost notification, non-store writer finishing). */
  pollIntervalMs: number;
  /** Re-read delay while rows are held back behind an in-flight transaction, doubling up to the max. */
  heldBackPollMs: number;
  maxHeldBackPollMs: number;
  maxBackoffMs: number;
  batchSize: number;
}>;

/**
 * Catch-up then live reading of $all. The cursor moves only when an event has been handed to the
 * caller, so after any failure the loop simply reads again from the last delivered position:
 * nothing is lost and nothing repeats. While the caller handles one full batch the next is
 * already being read.
 */
export class LiveSubscription implements Subscription {
  private stopped = false;
  private iteration: AsyncGenerator<RecordedEvent> | undefined;
  private readonly signal = new WakeSignal();

  constructor(
    private readonly reader: AllReader,
    private readonly hub: WakeHub,
    private readonly options: SubscribeOptions,
    private readonly timings: LiveTimings,
    /** Called once when iteration ends, however it ends. */
    private readonly onFinished: () => void = () => undefined,
  ) {
    assertBatchSize(options.batchSize ?? timings.batchSize);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iteration) throw new Error('a subscription can be iterated only once');
    this.iteration = this.run();
    return this.iteration;
  }

  /**
   * Resolves once the iteration has ended and released its wake-up slot. A caller that stopped
   * pulling leaves the generator parked at a `yield`, where only `return()` reaches its `finally`;
   * a read in flight ends on its own once `stopped` is seen, and the `return()` queues behind it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.signal.wake();
    if (!this.iteration) this.onFinished();
    await this.iteration?.return(undefined).catch(() => undefined);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { reader, signal, timings } = this;
    const limit = this.options.batchSize ?? timings.batchSize;
    const filter = this.options.filter;
    const leave = this.hub.add(signal);
    let cursor = this.options.fromPosition ?? START_POSITION;
    let prefetch: Promise<TailRead> | undefined;
    let failures = 0;
    let heldBackDelay = timings.heldBackPollMs;
    let waited = false;
    try {
      await reader.startListening();
      while (!this.stopped) {
        let batch: RecordedEvent[];
        let caughtUp: boolean;
        let heldBack = false;
        try {
          const read = await (prefetch ??
            (waited && reader.readAtTail
              ? reader.readAtTail(cursor, limit, filter)
              : reader.readAfter(cursor, limit, filter)));
          prefetch = undefined;
          waited = false;
          batch = read.events;
          caughtUp = batch.length < limit;
          heldBack = caughtUp && read.heldBack;
          failures = 0;
        } catch (error) {
          prefetch = undefined;
          waited = false;
          if (this.stopped) return;
          if (!isTransientDatabaseError(error)) throw error;
          failures += 1;
          this.options.onRetry?.(error, failures);
          await signal.wait(Math.min(timings.maxBackoffMs, 25 * 2 ** failures));
          continue;
        }
        if (!caughtUp) {
          prefetch = reader.readAfter(batch[batch.length - 1].position, limit, filter);
          prefetch.catch(() => undefined); // awaited on the next turn; never unhandled
        }
        for (const event of batch) {
          if (this.stopped) return;
          yield event;
          cursor = event.position;
        }
        if (caughtUp) {
          // Held back: something older is still in flight. No append of ours announces when a
          // foreign transaction ends, so look again soon, backing off while it lasts.
          await signal.wait(heldBack ? heldBackDelay : timings.pollIntervalMs);
          waited = true;
          heldBackDelay = heldBack
            ? Math.min(heldBackDelay * 2, timings.maxHeldBackPollMs)
            : timings.heldBackPollMs;
        }
      }
    } finally {
      leave();
      this.onFinished();
    }
  }
}

export function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
}
