import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { pino } from 'pino';
import { type DomainEvent } from '../domain/event-schemas';
import { Inbox } from '../platform/bus/contract/contract-helpers.testing';
import { type BusConsumer, type BusMessage, type IntegrationBus } from '../platform/bus/port';
import { appendDomainEvents } from '../platform/commands/append-domain-events.testing';
import { type EventStore, type RecordedEvent } from '../platform/event-store/port';
import { type RelaySettings } from './relay-runner';
import { readRelayCheckpoint } from './relay-checkpoint';

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Quick retries and lease hand-overs, so failures and take-overs play out in a test. */
export const FAST: Partial<RelaySettings> = {
  retryInitialMs: 10,
  retryMaxMs: 50,
  leaseTtlMs: 600,
  leaseRetryMs: 50,
};

export const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$cGFzc3dvcmQtaGFzaA';
export const TOKEN_HASH = 'sha256:relay-test-token-hash';

/** Appends domain events (expected 'any') with the metadata the command path writes. */
export async function append(
  store: EventStore,
  streamName: string,
  events: readonly DomainEvent[],
): Promise<string> {
  return (await appendDomainEvents(store, streamName, events)).position;
}

/** An event of a type (and stream category) the domain does not know. */
export async function appendForeign(
  store: EventStore,
  streamName: string,
  type: string,
  data: object,
): Promise<string> {
  const id = randomUUID();
  const metadata = {
    correlationId: id,
    causationId: id,
    userId: null,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
  const result = await store.append(streamName, [{ eventId: id, type, data, metadata }], 'any');
  return result.position;
}

export const renamed = (userId: string, n: number): DomainEvent => ({
  type: 'UserRenamed',
  data: { userId, name: `name ${n}`, renamedAt: new Date().toISOString() },
});

/** `count` renames spread over `streams` user streams; returns the last position. */
export async function appendRenames(
  store: EventStore,
  streams: number,
  count: number,
): Promise<string> {
  const users = Array.from({ length: streams }, () => randomUUID());
  let last = '';
  for (let i = 0; i < count; i += 10) {
    const user = users[(i / 10) % streams];
    const events = Array.from({ length: Math.min(10, count - i) }, (_, j) => renamed(user, i + j));
    last = await append(store, `user-${user}`, events);
  }
  return last;
}

export async function storedEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const batch of store.readAll()) events.push(...batch);
  return events;
}

/** Polls until the relay's checkpoint has reached `position`. */
export async function relayReached(db: Knex, store: EventStore, position: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const checkpoint = await readRelayCheckpoint(db);
    if (checkpoint?.position && store.comparePositions(checkpoint.position, position) >= 0) return;
    if (Date.now() > deadline) throw new Error(`the relay did not reach ${position} in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads every message of `topics` from the beginning, in a group of its own. */
export async function readTopics(
  bus: IntegrationBus,
  topics: readonly string[],
): Promise<{ inbox: Inbox; consumer: BusConsumer }> {
  const inbox = new Inbox();
  const consumer = await bus.consume({
    groupId: `relay-reader-${randomUUID()}`,
    topics,
    handle: inbox.handle,
    concurrency: 3,
  });
  return { inbox, consumer };
}

/**
 * A bus in front of the real one that the test can break: `publish` rejects while `failing`,
 * or takes the messages to the bus and then never answers once `hangAfterPublishes` runs out
 * (a relay frozen or killed between the bus's acknowledgement and its checkpoint).
 */
export class ControllableBus implements IntegrationBus {
  readonly kind;
  failing = false;
  failures = 0;
  publishes = 0;
  hangAfterPublishes = Infinity;
  private release: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  constructor(private readonly inner: IntegrationBus) {
    this.kind = inner.kind;
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    if (this.failing) {
      this.failures++;
      throw new Error('bus unavailable (test)');
    }
    await this.inner.publish(messages);
    this.publishes++;
    if (this.publishes > this.hangAfterPublishes) await this.released;
  }

  /** Lets a hung publish return (at the end of a test, so its relay can stop). */
  unhang(): void {
    this.release();
  }

  ensureTopics = (topics: readonly string[]) => this.inner.ensureTopics(topics);
  consume: IntegrationBus['consume'] = (options) => this.inner.consume(options);
  lag: IntegrationBus['lag'] = (groupId, topics) => this.inner.lag(groupId, topics);
  rewind: IntegrationBus['rewind'] = (groupId, topics) => this.inner.rewind(groupId, topics);
  ping = () => this.inner.ping();
  close = async () => undefined;
}
