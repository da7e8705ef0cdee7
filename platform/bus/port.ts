/**
 * The integration-event bus: how stored events leave the event store for other processes.
 * Two adapters implement it and one contract suite (contract/bus-contract.testing.ts) holds them
 * to the same behaviour: Kafka (KAFKA_BROKERS, kafka/) and the embedded default's in-process bus
 * (in-process/), a durable log table in the embedded database delivered within the process.
 *
 * Delivery is at least once, in order per key: a consumer group's committed offset moves only
 * after its handler resolved, so a crash redelivers what was not committed. Consumers
 * deduplicate by the event id in the headers.
 */

export type BusMessage = Readonly<{
  topic: string;
  /** Messages with one key keep their order (one partition). */
  key: string;
  /** UTF-8 JSON. */
  value: string;
  headers: Readonly<Record<string, string>>;
}>;

export type ReceivedMessage = BusMessage &
  Readonly<{
    partition: number;
    /** The message's offset in its partition, as a decimal string. */
    offset: string;
  }>;

export type HandlerContext = Readonly<{
  /** Aborted when the consumer stops or loses the partition: finish or give up soon. */
  signal: AbortSignal;
  /** Tells the broker the consumer is alive during a long handler (Kafka's session timeout). */
  heartbeat(): Promise<void>;
}>;

export type ConsumeOptions = Readonly<{
  groupId: string;
  topics: readonly string[];
  /**
   * Called once per message, in offset order within a partition; partitions may run
   * concurrently. The offset is committed after it resolves. It should not throw: a throw stops
   * the consumer (reported to `onCrash`) and the message is delivered again to whoever consumes
   * next.
   */
  handle(message: ReceivedMessage, context: HandlerContext): Promise<void>;
  /**
   * Optional: the messages fetched together (at most `maxBatch`), in one call instead of one
   * `handle` each, in the order `handle` would have seen them (Kafka: one partition's, in offset
   * order; in-process: one read's, in publish order); their offsets are committed once, after
   * it resolves. A throw is handled as `handle`'s: none of them is committed.
   */
  handleBatch?(messages: readonly ReceivedMessage[], context: HandlerContext): Promise<void>;
  /** The most messages one `handleBatch` call gets (100 unless set). */
  maxBatch?: number;
  /** How many partitions are handled at the same time. */
  concurrency?: number;
  /** The consumer stopped on an error it cannot recover from. */
  onCrash?(error: unknown): void;
}>;

export interface BusConsumer {
  /** Stops fetching, lets the handler in progress finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export type GroupLag = Readonly<{
  /** Messages published but not yet committed by the group, over all partitions. */
  messages: number;
  /** Per topic, the same figure. */
  byTopic: Readonly<Record<string, number>>;
}>;

export interface IntegrationBus {
  readonly kind: 'kafka' | 'in-process';
  /** Creates missing topics (Kafka: with the configured partition count); idempotent. */
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Resolves once every message is durably stored (Kafka: acknowledged by all in-sync replicas). */
  publish(messages: readonly BusMessage[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<BusConsumer>;
  lag(groupId: string, topics: readonly string[]): Promise<GroupLag>;
  /** Moves a stopped group back to the first message of every partition (a full replay). */
  rewind(groupId: string, topics: readonly string[]): Promise<void>;
  /** For /health/ready: rejects when the bus does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
