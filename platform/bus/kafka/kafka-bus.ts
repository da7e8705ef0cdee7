import { type Admin, Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { type Logger } from 'pino';
import {
  type BusConsumer,
  type BusMessage,
  type ConsumeOptions,
  type GroupLag,
  type IntegrationBus,
} from '../port';
import { createMissingTopics, groupLag, rewindGroup } from './kafka-admin';
import { startKafkaConsumer } from './kafka-consumer';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from './kafka-logging';
import { DEFAULT_KAFKA_BUS_SETTINGS, type KafkaBusSettings } from './kafka-settings';

export type KafkaBusOptions = Readonly<{
  brokers: readonly string[];
  /** Partitions of each topic `ensureTopics` creates (KAFKA_PARTITIONS). */
  partitions: number;
  logger: Logger;
  /** Shown in the broker's logs and quotas; the process name. */
  clientId?: string;
  settings?: Partial<KafkaBusSettings>;
}>;

/**
 * The integration bus on Kafka. The producer is idempotent with one request in flight and
 * waits for every in-sync replica, so `publish` resolves only once the messages are durable,
 * in order per partition, without duplicates from its own retries. Keys pick partitions with
 * the Java client's hashing, so other Kafka clients agree on where a stream lives.
 */
export class KafkaBus implements IntegrationBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly settings: KafkaBusSettings;
  private readonly log: Logger;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private producerReady: Promise<void> | undefined;
  private adminReady: Promise<void> | undefined;
  private readonly consumers = new Set<BusConsumer>();

  constructor(private readonly options: KafkaBusOptions) {
    this.settings = { ...DEFAULT_KAFKA_BUS_SETTINGS, ...options.settings };
    this.log = options.logger.child({ component: 'kafka-bus' });
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'shopstream',
      brokers: [...options.brokers],
      connectionTimeout: this.settings.connectionTimeoutMs,
      logLevel: KAFKAJS_LOG_LEVEL,
      logCreator: kafkaLogCreator(options.logger),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    await createMissingTopics(await this.connectedAdmin(), topics, this.options.partitions);
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    // One request after the other: with one request in flight, order per partition holds.
    for (const chunk of bySize(messages, this.settings.maxRequestBytes)) {
      const byTopic = new Map<string, Message[]>();
      for (const message of chunk) {
        const list = byTopic.get(message.topic) ?? [];
        list.push({ key: message.key, value: message.value, headers: { ...message.headers } });
        byTopic.set(message.topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    }
  }

  async consume(options: ConsumeOptions): Promise<BusConsumer> {
    const started = await startKafkaConsumer(this.kafka, options, this.settings, this.log);
    const consumer: BusConsumer = {
      stop: async () => {
        this.consumers.delete(consumer);
        await started.stop();
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  async lag(groupId: string, topics: readonly string[]): Promise<GroupLag> {
    return groupLag(await this.connectedAdmin(), groupId, topics);
  }

  async rewind(groupId: string, topics: readonly string[]): Promise<void> {
    await rewindGroup(this.kafka, await this.connectedAdmin(), groupId, topics, this.settings);
  }

  async ping(): Promise<void> {
    await (await this.connectedAdmin()).describeCluster();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([
      this.producerReady && this.producer.disconnect(),
      this.adminReady && this.admin.disconnect(),
    ]);
  }

  /** Connected on first use; a failed connect is tried again by the next call. */
  private async connectedProducer(): Promise<Producer> {
    this.producerReady ??= this.producer.connect().catch((error: unknown) => {
      this.producerReady = undefined;
      throw error;
    });
    await this.producerReady;
    return this.producer;
  }

  private async connectedAdmin(): Promise<Admin> {
    this.adminReady ??= this.admin.connect().catch((error: unknown) => {
      this.adminReady = undefined;
      throw error;
    });
    await this.adminReady;
    return this.admin;
  }
}

/** Consecutive runs of messages of at most `maxBytes` (a larger message goes alone). */
function* bySize(messages: readonly BusMessage[], maxBytes: number): Generator<BusMessage[]> {
  let chunk: BusMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function sizeOf(message: BusMessage): number {
  let size = Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}
