import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore, type Subscription } from '../../platform/event-store/port';
import { type Distribution, distribution, sleep } from '../support/measure';

/** A type no projection handles: rebuilds and read passes pass it by. */
const PROBE_TYPE = 'BenchLiveProbe';
/** How long `stop` waits for the last probes to arrive before counting them as not delivered. */
const DRAIN_MS = 30_000;

export type LiveLatency = Readonly<{
  /** From the start of the append to its delivery to the subscriber, in ms. */
  latency: Distribution;
  sent: number;
  /** Sent but not delivered within 30 s of the end. */
  undelivered: number;
}>;

/**
 * What a rebuild costs everyone else (issue 10, item 14): one small append every `intervalMs`,
 * and the time until a subscriber to $all receives it. A subscriber only reads events whose
 * transaction is older than every transaction still running (docs/EVENT-STORE.md), so a rebuild
 * transaction that holds a transaction id for long holds every delivery back as long. Runs in a
 * process of its own, so the rebuild's CPU does not delay this process's timers.
 */
export class LiveProbe {
  private readonly sentAt = new Map<string, number>();
  private readonly latencies: number[] = [];
  private stopped = false;
  private sent = 0;

  private reading: Promise<void> = Promise.resolve();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: EventStore,
    private readonly subscription: Subscription,
  ) {}

  static async start(databaseUrl: string, intervalMs: number): Promise<LiveProbe> {
    const store = createPostgresEventStore({
      connectionString: databaseUrl,
      poolSize: 2,
      applicationName: 'bench-live-probe',
    });
    const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
    const probe = new LiveProbe(store, subscription);
    probe.reading = probe.read();
    probe.writing = probe.write(intervalMs);
    return probe;
  }

  async stop(): Promise<LiveLatency> {
    this.stopped = true;
    await this.writing;
    const deadline = performance.now() + DRAIN_MS;
    while (this.sentAt.size > 0 && performance.now() < deadline) await sleep(20);
    await this.subscription.stop();
    await this.reading;
    await this.store.close();
    return {
      latency: distribution(this.latencies),
      sent: this.sent,
      undelivered: this.sentAt.size,
    };
  }

  private async read(): Promise<void> {
    for await (const event of this.subscription) {
      if (event.type === PROBE_TYPE) this.delivered(event.eventId);
    }
  }

  private delivered(eventId: string): void {
    const sentAt = this.sentAt.get(eventId);
    if (sentAt === undefined) return;
    this.sentAt.delete(eventId);
    this.latencies.push(performance.now() - sentAt);
  }

  private async write(intervalMs: number): Promise<void> {
    const stream = `bench-probe-${randomUUID()}`;
    while (!this.stopped) {
      const eventId = randomUUID();
      this.sentAt.set(eventId, performance.now());
      this.sent++;
      const now = new Date().toISOString();
      await this.store.append(
        stream,
        [
          {
            eventId,
            type: PROBE_TYPE,
            data: {},
            metadata: {
              correlationId: eventId,
              causationId: eventId,
              userId: null,
              occurredAt: now,
              schemaVersion: 1,
            },
          },
        ],
        'any',
      );
      await sleep(intervalMs);
    }
  }
}
