import {
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Position,
  START,
  type SubscribeToAllOptions,
  UnavailableError,
} from '@eventstore/db-client';
import { take } from '../contract/contract-helpers';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

/**
 * EventStoreDB cannot run here, so its client is the one thing faked: a server that serves $all
 * from memory and drops the subscription after a few events, as a restart would.
 */
function resolved(commit: number, streamId: string, type: string): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: `00000000-0000-4000-8000-${String(commit).padStart(12, '0')}`,
      isJson: true,
      revision: BigInt(commit),
      type,
      created: new Date(0),
      data: { commit },
      metadata: {},
      position: { commit: BigInt(commit), prepare: BigInt(commit) },
    },
  } as AllStreamResolvedEvent;
}

function fakeClient(log: AllStreamResolvedEvent[], dropAfter: number) {
  const calls: SubscribeToAllOptions['fromPosition'][] = [];
  const client = {
    subscribeToAll(options: SubscribeToAllOptions) {
      const from = options.fromPosition ?? START;
      calls.push(from);
      const start =
        from === START
          ? 0
          : log.findIndex((r) => r.event!.position.commit === (from as Position).commit) + 1;
      const dropping = calls.length <= 2; // the first two subscriptions are dropped mid-way
      return {
        async *[Symbol.asyncIterator]() {
          let served = 0;
          for (const entry of log.slice(start)) {
            if (dropping && served++ === dropAfter) throw new UnavailableError();
            yield entry;
          }
          await new Promise(() => undefined); // live: nothing more
        },
        unsubscribe: async () => undefined,
      };
    },
  } as unknown as EventStoreDBClient;
  return { client, calls };
}

test('re-subscribes after the server drops it, from the last position, skipping system events', async () => {
  const log = [
    resolved(10, 'order-1', 'OrderPlaced'),
    resolved(20, '$stats-1', '$statsCollected'),
    resolved(30, 'order-1', 'OrderPaid'),
    resolved(40, 'order-2', '$>'),
    resolved(50, 'order-2', 'OrderPlaced'),
    resolved(60, 'order-2', 'OrderPaid'),
  ];
  const { client, calls } = fakeClient(log, 2);
  const retries: number[] = [];
  const subscription = new EventStoreDbSubscription(client, { onRetry: (_, n) => retries.push(n) });
  const events = await take(subscription[Symbol.asyncIterator](), 4, 5_000);
  await subscription.stop();

  expect(events.map((e) => e.data.commit)).toEqual([10, 30, 50, 60]);
  expect(events[0].position).toBe('00000000000000000010-00000000000000000010');
  expect(retries).toEqual([1, 1]); // progress in between resets the backoff
  expect(calls).toEqual([START, { commit: 20n, prepare: 20n }, { commit: 40n, prepare: 40n }]);
});

test('applies the part of the filter the server could not', async () => {
  const log = [
    resolved(1, 'order-1', 'OrderPlaced'),
    resolved(2, 'cart-1', 'OrderPlaced'),
    resolved(3, 'order-2', 'OrderPlaced'),
  ];
  const { client } = fakeClient(log, 99);
  const subscription = new EventStoreDbSubscription(client, {
    filter: { eventTypes: ['OrderPlaced'], streamPrefixes: ['order-'] },
  });
  const events = await take(subscription[Symbol.asyncIterator](), 2, 5_000);
  await subscription.stop();
  expect(events.map((e) => e.streamName)).toEqual(['order-1', 'order-2']);
});

test('stop() ends an iteration whose caller stopped pulling, and unsubscribes, once per run', async () => {
  const log = [1, 2, 3, 4].map((commit) => resolved(commit, 'order-1', 'OrderPlaced'));
  const { client } = fakeClient(log, 99);
  let finished = 0;
  for (let run = 0; run < 3; run++) {
    const subscription = new EventStoreDbSubscription(client, {}, () => finished++);
    await take(subscription[Symbol.asyncIterator](), 2, 5_000);
    await subscription.stop();
  }
  expect(finished).toBe(3);
});
