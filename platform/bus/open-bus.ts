import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type AppConfig } from '../config/config';
import { ConfigError } from '../config/config-error';
import { redact } from '../config/parse';
import { InProcessBus } from './in-process/in-process-bus';
import { type InProcessBusSettings } from './in-process/in-process-settings';
import { KafkaBus } from './kafka/kafka-bus';
import { type KafkaBusSettings } from './kafka/kafka-settings';
import { type IntegrationBus } from './port';

export type OpenBusOptions = Readonly<{
  /** The read-model database: the in-process bus keeps its log there. */
  db: Knex;
  logger: Logger;
  /** The process name, as Kafka's client id. */
  clientId?: string;
  kafka?: Partial<KafkaBusSettings>;
  inProcess?: Partial<InProcessBusSettings>;
}>;

/**
 * Kafka when KAFKA_BROKERS is set (checked by asking the cluster to describe itself: a broker
 * that cannot be reached at start is a ConfigError naming the variable), else the in-process bus
 * on the read-model database.
 */
export async function openBus(
  config: Pick<AppConfig, 'kafkaBrokers' | 'kafkaPartitions'>,
  options: OpenBusOptions,
): Promise<IntegrationBus> {
  if (!config.kafkaBrokers || config.kafkaBrokers.length === 0) {
    return new InProcessBus({
      db: options.db,
      logger: options.logger,
      settings: options.inProcess,
    });
  }
  const bus = new KafkaBus({
    brokers: config.kafkaBrokers,
    partitions: config.kafkaPartitions,
    logger: options.logger,
    clientId: options.clientId,
    settings: options.kafka,
  });
  try {
    await bus.ping();
  } catch (error) {
    await bus.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('KAFKA_BROKERS', `cannot reach Kafka: ${redact(reason)}`);
  }
  return bus;
}
