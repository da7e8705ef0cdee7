import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type IntegrationBus } from '../platform/bus/port';
import { type Coordination } from '../platform/coordination/ports';
import { type EventStore } from '../platform/event-store/port';
import { type RelayMetrics } from './relay-metrics';
import { RelayRunner, type RelaySettings } from './relay-runner';

export type RelayOptions = Readonly<{
  /** The read-model database (migrated): the relay's checkpoint lives there. */
  db: Knex;
  store: EventStore;
  bus: IntegrationBus;
  /** Its leases keep one relay publishing at a time. */
  coordination: Coordination;
  logger: Logger;
  /** KAFKA_TOPIC_PREFIX: `<prefix><category>` is each stream category's topic. */
  topicPrefix: string;
  metrics?: RelayMetrics;
  /** Unique per relay process; the lease owner. */
  ownerId?: string;
  settings?: Partial<RelaySettings>;
}>;

export type Relay = Readonly<{
  ownerId: string;
  /** Ends the run (a publish in progress finishes first) and frees the lease. */
  stop(): Promise<void>;
}>;

/**
 * `shopstream relay run`, and the relay inside `npm start`: publishes every stored event to the
 * integration bus, once the read-model schema is migrated. Start several and one publishes
 * while the others stand by to take over from the checkpoint.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const ownerId = options.ownerId ?? `relay-${randomUUID()}`;
  const runner = new RelayRunner({
    db: options.db,
    store: options.store,
    bus: options.bus,
    leases: options.coordination.leases,
    ownerId,
    logger: options.logger,
    topicPrefix: options.topicPrefix,
    metrics: options.metrics,
    settings: options.settings,
  });
  runner.start();
  options.logger.info({ ownerId, bus: options.bus.kind }, 'relay started');
  return { ownerId, stop: () => runner.stop() };
}
