import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { sleep } from '../../retry/backoff';
import { type BusConsumer, type ConsumeOptions, type ReceivedMessage } from '../port';
import { readAfter } from './bus-log';
import { claimTopics, commitOffsets, releaseTopics } from './group-offsets';
import { type InProcessBusSettings } from './in-process-settings';
import { type WakeUps } from './wake-ups';

type Outcome = 'handled' | 'gave-up' | 'crashed' | 'lost';

/**
 * One member of a consumer group on the in-process bus. It holds the topics it can claim (see
 * group-offsets.ts), reads their messages above the committed offsets in publish order, hands
 * them to the handler one at a time (or a read's worth to `handleBatch`) and commits the offsets
 * once the handler resolved. It wakes on a publish in this process, and polls for those of other
 * processes.
 */
export class InProcessConsumer implements BusConsumer {
  private readonly owner = `consumer-${randomUUID()}`;
  private readonly stopping = new AbortController();
  /** Aborted when a topic is lost to another member; replaced when that is dealt with. */
  private generation = new AbortController();
  /** Topics held, with the offset of the last message handled. */
  private held = new Map<string, string>();
  private claimedAt = 0;
  private done: Promise<void> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly options: ConsumeOptions,
    private readonly settings: InProcessBusSettings,
    private readonly wakeUps: WakeUps,
    private readonly log: Logger,
  ) {}

  /** Claims what it can, then runs until stopped; a database that cannot be reached rejects. */
  async start(): Promise<void> {
    await this.claim();
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('the consumer is stopping'));
    await this.done;
  }

  private async loop(): Promise<void> {
    const { pollIntervalMs } = this.settings;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      const seen = this.wakeUps.seen;
      let more = false;
      try {
        if (this.claimDue()) await this.claim();
        const messages = await readAfter(this.db, this.held, this.settings.batchSize);
        more = messages.length === this.settings.batchSize;
        for (const batch of this.batchesOf(messages)) {
          const outcome = await this.deliver(batch);
          if (outcome === 'crashed') return;
          if (outcome !== 'handled') break;
        }
        failures = 0;
      } catch (error) {
        // The database, not the handler: keep trying, as a Kafka client does with its broker.
        failures++;
        this.log.warn({ err: error, groupId: this.options.groupId }, 'bus consumer retrying');
        await sleep(Math.min(pollIntervalMs * failures, 5_000), this.stopping.signal);
        continue;
      }
      if (!more) await this.wakeUps.wait(seen, pollIntervalMs, this.stopping.signal);
    }
    await releaseTopics(this.db, this.options.groupId, this.owner).catch(() => undefined);
  }

  /**
   * With `handleBatch`, one read's messages go together, across topics in publish order (the
   * order one member sees them in); otherwise one at a time.
   */
  private batchesOf(messages: readonly ReceivedMessage[]): ReceivedMessage[][] {
    const size = this.options.handleBatch ? Math.max(1, this.options.maxBatch ?? 100) : 1;
    const batches: ReceivedMessage[][] = [];
    for (let start = 0; start < messages.length; start += size) {
      batches.push(messages.slice(start, start + size));
    }
    return batches;
  }

  private async deliver(messages: readonly ReceivedMessage[]): Promise<Outcome> {
    const unheld = () => messages.some((message) => !this.held.has(message.topic));
    if (this.stopping.signal.aborted || unheld()) return 'gave-up';
    if (this.claimDue()) await this.claim();
    if (unheld()) return 'lost';
    const signal = AbortSignal.any([this.stopping.signal, this.generation.signal]);
    const context = { signal, heartbeat: () => this.heartbeat() };
    try {
      if (messages.length > 1 && this.options.handleBatch) {
        await this.options.handleBatch(messages, context);
      } else {
        await this.options.handle(messages[0], context);
      }
    } catch (error) {
      if (signal.aborted) return 'gave-up';
      this.log.error({ err: error, groupId: this.options.groupId }, 'bus consumer stopped');
      this.stopping.abort(error);
      await releaseTopics(this.db, this.options.groupId, this.owner).catch(() => undefined);
      this.options.onCrash?.(error);
      return 'crashed';
    }
    // Each topic's last offset in the batch (later messages overwrite earlier ones).
    const handled = new Map(messages.map((message) => [message.topic, message.offset]));
    const ttl = this.settings.sessionTimeoutMs;
    const committed = await commitOffsets(this.db, this.options.groupId, handled, this.owner, ttl);
    for (const [topic, offset] of handled) {
      if (committed.has(topic)) this.held.set(topic, offset);
      else this.lose(topic);
    }
    return committed.size === handled.size ? 'handled' : 'lost';
  }

  /**
   * Renews the hold on the topics (the handler's heartbeat during a long job). It queries the
   * database: on PGlite (one connection) call it outside the handler's own transactions.
   */
  private async heartbeat(): Promise<void> {
    const before = this.generation;
    await this.claim();
    if (before.signal.aborted) throw new Error('the consumer lost a topic to another member');
  }

  private claimDue(): boolean {
    const age = Date.now() - this.claimedAt;
    const unheld = this.held.size < this.options.topics.length;
    return (
      age >= this.settings.sessionTimeoutMs / 3 || (unheld && age >= this.settings.pollIntervalMs)
    );
  }

  private async claim(): Promise<void> {
    const { groupId, topics } = this.options;
    this.claimedAt = Date.now();
    const now = await claimTopics(
      this.db,
      groupId,
      topics,
      this.owner,
      this.settings.sessionTimeoutMs,
    );
    for (const topic of this.held.keys()) if (!now.has(topic)) this.lose(topic);
    this.held = now;
  }

  private lose(topic: string): void {
    this.held.delete(topic);
    this.generation.abort(new Error(`topic ${topic} was taken over by another member`));
    this.generation = new AbortController();
  }
}
