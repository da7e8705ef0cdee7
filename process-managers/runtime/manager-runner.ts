import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { fromBusMessage, HEADERS } from '../../platform/bus/integration-event';
import {
  type BusConsumer,
  type HandlerContext,
  type IntegrationBus,
  type ReceivedMessage,
} from '../../platform/bus/port';
import { topicOf } from '../../platform/bus/topics';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { backoffMs, sleep } from '../../platform/retry/backoff';
import { clearFailure, isParked, recordFailure } from './dead-letters';
import { type ManagerMetrics } from './metrics';
import { type ProcessManager } from './process-manager';
import { react, reactAll, type Reaction } from './reactions';
import { type NowRunner } from './scheduler';

export type ManagerRunnerSettings = Readonly<{
  /** Partitions handled at the same time (the state lock serialises one instance's events). */
  concurrency: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** The most messages of one partition decided in one transaction. */
  maxBatch: number;
}>;

export const DEFAULT_MANAGER_RUNNER_SETTINGS: ManagerRunnerSettings = {
  concurrency: 8,
  retryInitialMs: 200,
  retryMaxMs: 10_000,
  maxBatch: 100,
};

export type ManagerRunnerDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  bus: IntegrationBus;
  topicPrefix: string;
  logger: Logger;
  metrics?: ManagerMetrics;
  scheduler: NowRunner;
  settings?: Partial<ManagerRunnerSettings>;
}>;

/** The consumer group of a manager: one per manager, shared by all its workers. */
export const groupIdOf = (topicPrefix: string, manager: ProcessManager): string =>
  `${topicPrefix}pm.${manager.name}`;

export const topicsOf = (topicPrefix: string, manager: ProcessManager): string[] =>
  manager.categories.map((category) => topicOf(topicPrefix, category));

/**
 * Feeds one manager from its topics in its consumer group, so the workers running it share the
 * partitions and take over each other's when one dies. The messages fetched together from one
 * partition are decided in one transaction (./reactions.ts); the bus commits their offsets only
 * after it is recorded. A batch that fails is taken one message at a time: a message that throws
 * is retried with backoff and recorded as the manager's failing event — never skipped, unless an
 * operator parks it; the consumer stays on that partition meanwhile.
 */
export class ManagerRunner {
  private readonly settings: ManagerRunnerSettings;
  private readonly log: Logger;
  private consumer: Promise<BusConsumer> | undefined;

  constructor(
    readonly manager: ProcessManager,
    private readonly deps: ManagerRunnerDependencies,
  ) {
    this.settings = { ...DEFAULT_MANAGER_RUNNER_SETTINGS, ...deps.settings };
    this.log = deps.logger.child({ manager: manager.name });
  }

  get groupId(): string {
    return groupIdOf(this.deps.topicPrefix, this.manager);
  }

  get topics(): string[] {
    return topicsOf(this.deps.topicPrefix, this.manager);
  }

  /** Joins the group; `stop` waits for a join in progress, so no consumer outlives it. */
  async start(onCrash: (error: unknown) => void): Promise<void> {
    this.consumer = this.deps.bus.consume({
      groupId: this.groupId,
      topics: this.topics,
      concurrency: this.settings.concurrency,
      handle: (message, context) => this.handle(message, context),
      handleBatch: (messages, context) => this.handleBatch(messages, context),
      maxBatch: this.settings.maxBatch,
      onCrash,
    });
    await this.consumer;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await (await consumer?.catch(() => undefined))?.stop();
  }

  /**
   * A fetched batch in one decision transaction. If it fails, nothing of it was recorded, and
   * its messages go through `handle` one by one, in order: the ones that work are recorded once,
   * and the one that fails is retried and can be parked exactly as a message on its own.
   */
  private async handleBatch(
    messages: readonly ReceivedMessage[],
    context: HandlerContext,
  ): Promise<void> {
    if (messages.length === 1) return this.handle(messages[0], context);
    const started = performance.now();
    let reactions: Reaction[];
    try {
      reactions = await reactAll(this.manager, messages.map(fromBusMessage), this.deps);
    } catch (error) {
      if (context.signal.aborted) throw error;
      this.log.warn(
        { err: error, messages: messages.length },
        'batch failed; one message at a time',
      );
      for (const message of messages) await this.handle(message, context);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    for (const outcome of reactions) {
      this.deps.metrics?.handled(
        this.manager.name,
        outcome,
        outcome === 'decided' ? seconds : undefined,
      );
    }
  }

  private async handle(message: ReceivedMessage, context: HandlerContext): Promise<void> {
    const name = this.manager.name;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let recorded: RecordedEvent | undefined;
      try {
        recorded = fromBusMessage(message);
        if (attempt > 1 && (await isParked(this.deps.db, name, recorded.eventId))) {
          this.deps.metrics?.handled(name, 'parked');
          await clearFailure(this.deps.db, name, recorded.eventId);
          return;
        }
        const outcome = await react(this.manager, recorded, this.deps);
        if (attempt > 1) await clearFailure(this.deps.db, name, recorded.eventId);
        this.deps.metrics?.handled(
          name,
          outcome,
          outcome === 'decided' ? (performance.now() - started) / 1000 : undefined,
        );
        return;
      } catch (error) {
        if (context.signal.aborted) throw error;
        await this.recordFailure(message, recorded, error, attempt);
        await this.pause(attempt, context);
        if (context.signal.aborted) throw new Error('stopped while retrying a failing event');
      }
    }
  }

  private async recordFailure(
    message: ReceivedMessage,
    recorded: RecordedEvent | undefined,
    error: unknown,
    attempt: number,
  ): Promise<void> {
    this.deps.metrics?.failure(this.manager.name);
    const event = recorded ?? unreadable(message);
    this.log.error(
      { err: error, eventId: event.eventId, type: event.type, attempt },
      'cannot handle event; retrying (park it with `shopstream process-managers park`)',
    );
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await recordFailure(this.deps.db, this.manager.name, event, message.value, text, attempt).catch(
      (cause: unknown) => this.log.warn({ err: cause }, 'could not record the failure'),
    );
  }

  /** Backs off, telling the broker now and then that this consumer is alive. */
  private async pause(attempt: number, context: HandlerContext): Promise<void> {
    let left = backoffMs(attempt, this.settings);
    while (left > 0 && !context.signal.aborted) {
      const step = Math.min(left, 3_000);
      await sleep(step, context.signal);
      left -= step;
      await context.heartbeat().catch(() => undefined);
    }
  }
}

/** A message whose value does not parse still has its ids in the headers: enough to park it. */
function unreadable(message: ReceivedMessage): RecordedEvent {
  const header = (name: string) => message.headers[name] ?? '';
  return {
    eventId: header(HEADERS.eventId) || '00000000-0000-0000-0000-000000000000',
    type: header(HEADERS.eventType) || 'unreadable',
    streamName: header(HEADERS.streamName),
    revision: 0n,
    position: header(HEADERS.position) || `${message.topic}/${message.partition}/${message.offset}`,
    data: {},
    metadata: {
      correlationId: header(HEADERS.correlationId),
      causationId: header(HEADERS.causationId),
      userId: null,
      occurredAt: header(HEADERS.occurredAt),
      schemaVersion: Number(header(HEADERS.schemaVersion)) || 1,
    },
  };
}
