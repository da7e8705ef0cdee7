import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { InProcessBus } from '../../platform/bus/in-process/in-process-bus';
import { type Coordination } from '../../platform/coordination/ports';
import { type EventStore } from '../../platform/event-store/port';
import { createOutboxMailer } from '../../platform/mail';
import { allProcessManagers, effectHandlers } from '../../process-managers';
import { startProcessManagerWorker } from '../../process-managers/runtime/worker';
import { startRelay } from '../../relay';

export type ManagerName =
  'inventory-opening' | 'order-reservation' | 'reservation-expiry' | 'notification-dispatch';

export const ALL_MANAGERS: readonly ManagerName[] = [
  'inventory-opening',
  'order-reservation',
  'reservation-expiry',
  'notification-dispatch',
];

export type AsyncHalf = Readonly<{ outbox: string; stop(): Promise<void> }>;

/**
 * The relay and the named process managers in this process, on the in-process bus in the test's
 * own database (migrated), mail to an .eml outbox of its own. For e2e suites about the APIs: the
 * distributed topology over Kafka is test/saga/'s.
 */
export async function startAsyncHalf(options: {
  db: Knex;
  store: EventStore;
  coordination: Coordination;
  logger: Logger;
  managers: readonly ManagerName[];
  reservationTtlSeconds?: number;
}): Promise<AsyncHalf> {
  const { db, store, logger } = options;
  const topicPrefix = `e2e${randomUUID().slice(0, 8)}.`;
  const outbox = `/tmp/shopstream-e2e-outbox-${randomUUID()}`;
  const bus = new InProcessBus({ db, logger, settings: { pollIntervalMs: 100 } });
  const relay = await startRelay({
    db,
    store,
    bus,
    coordination: options.coordination,
    logger,
    topicPrefix,
  });
  const mailer = createOutboxMailer(outbox, logger);
  const managers = allProcessManagers({
    reservationTtlSeconds: options.reservationTtlSeconds ?? 900,
    alertEmail: 'alerts@example.test',
  }).filter((manager) => options.managers.includes(manager.name as ManagerName));
  const worker = await startProcessManagerWorker({
    db,
    store,
    bus,
    topicPrefix,
    managers,
    effects: effectHandlers(mailer, 'Shopstream <test@example.test>'),
    logger,
    settings: { pollMs: 50, retryInitialMs: 20, retryMaxMs: 200 },
  });
  return {
    outbox,
    async stop() {
      await worker.stop();
      await relay.stop();
      await bus.close();
      await mailer.close();
      await rm(outbox, { recursive: true, force: true });
    },
  };
}
