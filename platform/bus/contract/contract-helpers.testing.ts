import { type BusMessage, type IntegrationBus, type ReceivedMessage } from '../port';

/** What each adapter's spec hands the contract suite. */
export type BusFixture = Readonly<{
  bus: IntegrationBus;
  /** Partitions of a topic created by `ensureTopics` (1 on the in-process bus). */
  partitions: number;
  /** A topic name no other test uses. */
  topic(label: string): string;
  /** A consumer group id no other test uses. */
  group(label: string): string;
  /** How long a hung member may keep its partitions (its session timeout), plus slack. */
  takeoverMs: number;
}>;

/** Message `n` of a sequence for `key`, its number in the value. */
export function numbered(topic: string, key: string, n: number): BusMessage {
  return {
    topic,
    key,
    value: JSON.stringify({ key, n }),
    headers: { 'event-id': `${key}-${n}`, 'event-type': 'Numbered' },
  };
}

export function numberOf(message: ReceivedMessage): number {
  return (JSON.parse(message.value) as { n: number }).n;
}

/** Polls `check` until it holds; the message says what was awaited. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type Deferred = { promise: Promise<void>; resolve(): void };

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Records what a handler received; the handler resolves at once unless told otherwise. */
export class Inbox {
  readonly messages: ReceivedMessage[] = [];

  readonly handle = async (message: ReceivedMessage): Promise<void> => {
    this.messages.push(message);
  };

  numbers(): number[] {
    return this.messages.map(numberOf);
  }

  /** Waits until `count` messages arrived. */
  async waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]> {
    await eventually(
      `${count} messages (have ${this.messages.length})`,
      () => this.messages.length >= count,
      timeoutMs,
    );
    return this.messages;
  }
}

/** Publishes `count` numbered messages for one key (so one partition), in one call. */
export async function publishNumbered(
  bus: IntegrationBus,
  topic: string,
  key: string,
  from: number,
  count: number,
): Promise<void> {
  await bus.publish(Array.from({ length: count }, (_, i) => numbered(topic, key, from + i)));
}
