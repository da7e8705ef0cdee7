import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { type IntegrationBus } from '../platform/bus/port';
import { type AppConfig } from '../platform/config/config';
import { loadOperationsAccess } from '../platform/auth/admin-access';
import { ConfigError } from '../platform/config/config-error';
import { redact } from '../platform/config/parse';
import { openBus } from '../platform/bus/open-bus';
import { openMailer } from '../platform/mail';
import { createMetricsRegistry } from '../platform/observability/metrics';
import { allProcessManagers, effectHandlers } from '../process-managers';
import {
  type ProcessManagerWorker,
  startProcessManagerWorker,
} from '../process-managers/runtime/worker';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import { type Running, serve } from './serve';
import { openSharedStores, type SharedStores } from './system';
import { eventStoreChecks } from '../platform/http/health/event-store-checks';

/** `shopstream process-managers run`: every manager, their schedule, health and metrics. */
export function processManagersRunAction(): Promise<void> {
  return serve('process-managers', runProcessManagers);
}

async function runProcessManagers(config: AppConfig, logger: Logger): Promise<Running> {
  const stores = await openSharedStores(config, 'shopstream-process-managers');
  let bus: IntegrationBus | undefined;
  let worker: ProcessManagerWorker | undefined;
  try {
    await assertReadModelsMigrated(stores.db, config.database);
    bus = await openBus(config, { db: stores.db, logger, clientId: 'shopstream-process-managers' });
    const registry = createMetricsRegistry('process-managers');
    worker = await startAllProcessManagers(stores, bus, config, logger, registry);
    const { createHttpApp } = await import('../platform/http');
    const { OperationsOnlyModule } = await import('./operations-only.module');
    const openBusRef = bus;
    const app = await createHttpApp({
      name: 'process-managers',
      module: OperationsOnlyModule,
      port: config.processManagersPort,
      portVariable: 'PROCESS_MANAGERS_PORT',
      logger,
      metrics: registry,
      operationsAccess: await loadOperationsAccess(config),
      healthChecks: {
        database: () => stores.db.raw('select 1'),
        ...eventStoreChecks(stores.eventStore, config.eventStoreStallSeconds),
        bus: () => openBusRef.ping(),
      },
      docs: { title: 'Shopstream process managers (operations only)' },
    });
    return {
      services: [{ name: 'process managers (health and metrics)', app }],
      close: async () => {
        await worker?.stop();
        await openBusRef.close();
        await stores.close();
      },
    };
  } catch (error) {
    await worker?.stop();
    await bus?.close().catch(() => undefined);
    await stores.close();
    throw error;
  }
}

/** Every manager on the process's stores and bus, with mail as configured. */
export async function startAllProcessManagers(
  stores: SharedStores,
  bus: IntegrationBus,
  config: AppConfig,
  logger: Logger,
  registry: Registry,
): Promise<ProcessManagerWorker> {
  const mailer = openMailer(config, logger.child({ part: 'mail' }));
  await mailer.verify().catch(async (error: unknown) => {
    await mailer.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw config.smtpUrl
      ? new ConfigError('SMTP_URL', `cannot reach the mail server: ${redact(reason)}`)
      : new ConfigError('DATA_DIR', `cannot write mail to its outbox: ${reason}`);
  });
  const worker = await startProcessManagerWorker({
    db: stores.db,
    store: stores.eventStore,
    bus,
    topicPrefix: config.kafkaTopicPrefix,
    managers: allProcessManagers(config),
    effects: effectHandlers(mailer, config.mailFrom),
    logger: logger.child({ part: 'process-managers' }),
    metrics: registry,
  }).catch(async (error: unknown) => {
    await mailer.close();
    throw error;
  });
  return {
    owner: worker.owner,
    stop: async () => {
      await worker.stop();
      await mailer.close();
    },
  };
}
