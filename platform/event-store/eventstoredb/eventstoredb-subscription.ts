import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position as EsdbPosition,
  START,
} from '@eventstore/db-client';
import { type RecordedEvent, type SubscribeOptions, type Subscription } from '../port';
import {
  isTransientEsdbError,
  isUserEvent,
  matchesFilter,
  serverFilter,
  toEsdbPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';

const MAX_BACKOFF_MS = 5_000;

/**
 * subscribeToAll with the port's guarantees on top of the client's: when the connection drops it
 * re-subscribes, with backoff, from the last position it handed out (the server's fromPosition is
 * exclusive), so nothing is lost and nothing repeats.
 */
export class EventStoreDbSubscription implements Subscription {
  private stopped = false;
  private iteration: AsyncGenerator<RecordedEvent> | undefined;
  private current: AllStreamSubscription | undefined;
  private wakeSleep: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    /** Called once when iteration ends, however it ends. */
    private readonly onFinished: () => void = () => undefined,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iteration) throw new Error('a subscription can be iterated only once');
    this.iteration = this.run();
    return this.iteration;
  }

  /**
   * Resolves once the iteration has ended. Destroying the client's stream ends a read in flight
   * (cancelling the gRPC call alone need not end the stream it was piped into); a generator
   * parked at a `yield` (its caller stopped pulling) only reaches its `finally` through `return()`.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    if (!this.iteration) this.onFinished();
    const current = this.current;
    await current?.unsubscribe().catch(() => undefined);
    current?.destroy?.();
    await this.iteration?.return(undefined).catch(() => undefined);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    try {
      yield* this.resubscribing();
    } finally {
      this.onFinished();
    }
  }

  private async *resubscribing(): AsyncGenerator<RecordedEvent> {
    let cursor: EsdbPosition | undefined = this.options.fromPosition
      ? toEsdbPosition(this.options.fromPosition)
      : undefined;
    let failures = 0;
    while (!this.stopped) {
      const subscription = this.client.subscribeToAll({
        fromPosition: cursor ?? START,
        filter: serverFilter(this.options.filter),
      });
      this.current = subscription;
      let failure: unknown;
      try {
        for await (const resolved of subscription) {
          if (this.stopped) return;
          const event = resolved.event;
          if (!event) continue;
          failures = 0;
          if (isUserEvent(event)) {
            const recorded = toRecordedEvent(event);
            if (matchesFilter(recorded, this.options.filter)) yield recorded;
          }
          cursor = event.position;
        }
        if (this.stopped) return;
        failure = new Error('EventStoreDB ended the subscription');
      } catch (error) {
        if (this.stopped) return;
        if (!isTransientEsdbError(error)) throw error;
        failure = error;
      } finally {
        this.current = undefined;
        await subscription.unsubscribe().catch(() => undefined);
      }
      failures += 1;
      this.options.onRetry?.(failure, failures);
      await this.sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** failures));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
