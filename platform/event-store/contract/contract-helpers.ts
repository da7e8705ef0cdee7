import { randomUUID } from 'node:crypto';
import { type EventStore, type EventToAppend, type Position, type RecordedEvent } from '../port';

/** Helpers shared by the contract suite's files; each test works in streams of its own. */

export function uniquePrefix(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}-`;
}

export function newEvent(type = 'ThingHappened', data: object = { n: 1 }): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      userId: randomUUID(),
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

export function newEvents(count: number, type = 'ThingHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Pulls exactly `count` events from a subscription, failing if they do not arrive in time. */
export async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  timeoutMs = 15_000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    const remaining = Math.max(1, deadline - Date.now());
    const next = await withTimeout(
      iterator.next(),
      remaining,
      () => `received ${events.length} of ${count} events`,
    );
    if (next.done) throw new Error(`subscription ended after ${events.length} of ${count} events`);
    events.push(next.value);
  }
  return events;
}

/** Asserts that nothing more arrives for a while (duplicates would). */
export async function expectNothingMore(
  iterator: AsyncIterator<RecordedEvent>,
  waitMs = 300,
): Promise<void> {
  const next = iterator.next();
  const outcome = await Promise.race([
    next.then((r) =>
      r.done ? 'ended' : `unexpected event ${r.value.streamName}@${r.value.revision}`,
    ),
    new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), waitMs)),
  ]);
  if (outcome !== 'quiet' && outcome !== 'ended') throw new Error(outcome);
}

/** Polls `check` until it returns true. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until $all readers can see `position`. On PostgreSQL they only see what no in-flight
 * transaction can still precede, and on a shared server another test's open transaction (in any
 * database of the cluster) can hold that back for a moment.
 */
export async function untilReadable(store: EventStore, position: Position): Promise<void> {
  await eventually(async () => store.comparePositions(await store.headPosition(), position) >= 0);
}

export async function collectAll(
  batches: AsyncIterable<RecordedEvent[]>,
): Promise<RecordedEvent[][]> {
  const result: RecordedEvent[][] = [];
  for await (const batch of batches) result.push(batch);
  return result;
}

/** The identity of an event as tests compare it. */
export const idOf = (event: Pick<RecordedEvent, 'eventId'> | EventToAppend): string =>
  event.eventId;
