/**
 * Client timings. The defaults suit production; tests shorten the session so that a consumer
 * that hangs is replaced within seconds (brokers refuse sessions below their
 * `group.min.session.timeout.ms`, 6 s by default).
 */
export type KafkaBusSettings = Readonly<{
  /** A member that sends no heartbeat for this long leaves the group; its partitions move. */
  sessionTimeoutMs: number;
  /** How long a rebalance waits for members to rejoin. */
  rebalanceTimeoutMs: number;
  /**
   * How often members heartbeat, which is also how soon they hear of a rebalance: a new
   * consumer joining waits for the others' next heartbeat (kafkajs' default is 3 s).
   */
  heartbeatIntervalMs: number;
  /** The longest a fetch waits on the broker for data: an idle topic answers after this. */
  maxWaitTimeMs: number;
  /** How long connecting to a broker may take. */
  connectionTimeoutMs: number;
  /** Publishes are split into requests of at most this many bytes (the broker caps a batch). */
  maxRequestBytes: number;
}>;

export const DEFAULT_KAFKA_BUS_SETTINGS: KafkaBusSettings = {
  // Kafka's classic default: a dead worker's partitions move within 10 s, and ten missed
  // heartbeats in a row are needed to lose a live one.
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 30_000,
  heartbeatIntervalMs: 1_000,
  maxWaitTimeMs: 200,
  connectionTimeoutMs: 3_000,
  maxRequestBytes: 768 * 1024,
};

/**
 * Per topic: large enough for the biggest event the store accepts (the event-store contract
 * stores a 1 MiB event; the broker's default limit is 1 MB).
 */
export const TOPIC_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
