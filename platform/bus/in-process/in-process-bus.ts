import { type Knex } from 'knex';
import { type Logger } from 'pino';
import {
  type BusConsumer,
  type BusMessage,
  type ConsumeOptions,
  type GroupLag,
  type IntegrationBus,
} from '../port';
import { appendToLog, countAfterCommitted } from './bus-log';
import { rewindTopics } from './group-offsets';
import { InProcessConsumer } from './in-process-consumer';
import { DEFAULT_IN_PROCESS_BUS_SETTINGS, type InProcessBusSettings } from './in-process-settings';
import { type WakeUps, wakeUpsOf } from './wake-ups';

export type InProcessBusOptions = Readonly<{
  /** The read-model database (Postgres or PGlite), migrated: it holds the log and offsets. */
  db: Knex;
  logger: Logger;
  settings?: Partial<InProcessBusSettings>;
}>;

/** Kafka's topic names: the same rule here, so a name that works embedded works on Kafka. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The embedded default's integration bus: a durable log table in the read-model database,
 * delivered within the process (and to other processes on the same Postgres by polling). Each
 * topic is a single partition, so a group sees a topic's messages in publish order; the same
 * at-least-once rules as Kafka: an offset is committed only after its handler resolved.
 */
export class InProcessBus implements IntegrationBus {
  readonly kind = 'in-process' as const;
  private readonly settings: InProcessBusSettings;
  private readonly wakeUps: WakeUps;
  private readonly log: Logger;
  private readonly consumers = new Set<BusConsumer>();

  constructor(private readonly options: InProcessBusOptions) {
    this.settings = { ...DEFAULT_IN_PROCESS_BUS_SETTINGS, ...options.settings };
    this.wakeUps = wakeUpsOf(options.db);
    this.log = options.logger.child({ component: 'in-process-bus' });
  }

  /** Topics need no creating here; names are checked so that they would also work on Kafka. */
  async ensureTopics(topics: readonly string[]): Promise<void> {
    for (const topic of topics) assertTopicName(topic);
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const message of messages) assertTopicName(message.topic);
    await appendToLog(this.options.db, messages);
    this.wakeUps.notify();
  }

  async consume(options: ConsumeOptions): Promise<BusConsumer> {
    for (const topic of options.topics) assertTopicName(topic);
    const member = new InProcessConsumer(
      this.options.db,
      options,
      this.settings,
      this.wakeUps,
      this.log,
    );
    await member.start();
    const consumer: BusConsumer = {
      stop: async () => {
        this.consumers.delete(consumer);
        await member.stop();
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  async lag(groupId: string, topics: readonly string[]): Promise<GroupLag> {
    const byTopic = await countAfterCommitted(this.options.db, groupId, topics);
    return { messages: Object.values(byTopic).reduce((a, b) => a + b, 0), byTopic };
  }

  async rewind(groupId: string, topics: readonly string[]): Promise<void> {
    await rewindTopics(this.options.db, groupId, topics);
  }

  async ping(): Promise<void> {
    await this.options.db.raw('select 1');
  }

  /** Stops the consumers; the database belongs to the caller and stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }
}

function assertTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic)) {
    throw new Error(`invalid topic name "${topic}": use 1 to 249 of [A-Za-z0-9._-]`);
  }
}
