import { Command } from 'commander';
import { type Logger } from 'pino';
import { openBus } from '../platform/bus/open-bus';
import { type IntegrationBus } from '../platform/bus/port';
import { type AppConfig } from '../platform/config/config';
import { loadOperationsAccess } from '../platform/auth/admin-access';
import { createMetricsRegistry } from '../platform/observability/metrics';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import {
  createRelayMetrics,
  type Relay,
  relayStatus,
  type RelayStatus,
  startRelay,
} from '../relay';
import { operatorCommand } from './control/operator-command';
import { type Running, serve } from './serve';
import { withStores } from './stores';
import { openSharedStores } from './system';
import { oneLine, table, write } from './text-output';
import { eventStoreChecks } from '../platform/http/health/event-store-checks';

/** `shopstream relay run|status`: publishing stored events as integration events. */
export function relayCommand(): Command {
  const relay = new Command('relay').description(
    'Publish every stored event to the integration bus (Kafka, or the in-process bus)',
  );
  relay
    .command('run')
    .description(
      'Publish every stored event, redacted, to its category topic (health and metrics on RELAY_PORT)',
    )
    .action(() => serve('relay', runRelay));
  operatorCommand(
    relay
      .command('status')
      .description('Where the relay is: its position, the head, the lag and its last error')
      .option('--json', 'print JSON instead of a table'),
    async (options: { json?: boolean }) => {
      const status = await withStores('relay-status', ({ db, eventStore }) =>
        relayStatus(db, eventStore),
      );
      write(options.json === true ? [JSON.stringify(status, null, 2)] : statusLines(status));
    },
  );
  return relay;
}

async function runRelay(config: AppConfig, logger: Logger): Promise<Running> {
  const stores = await openSharedStores(config, 'shopstream-relay');
  let bus: IntegrationBus | undefined;
  let relay: Relay | undefined;
  const stop = async () => {
    await relay?.stop();
    await bus?.close();
    await stores.close();
  };
  try {
    const { db, eventStore, coordination } = stores;
    await assertReadModelsMigrated(db, config.database);
    bus = await openBus(config, { db, logger, clientId: 'shopstream-relay' });
    const registry = createMetricsRegistry('relay');
    relay = await startRelay({
      db,
      store: eventStore,
      bus,
      coordination,
      logger,
      topicPrefix: config.kafkaTopicPrefix,
      metrics: createRelayMetrics(registry, { db, store: eventStore }),
    });
    // Loaded on use, like the APIs: `relay status` starts without NestJS.
    const { createHttpApp } = await import('../platform/http');
    const { OperationsOnlyModule } = await import('./operations-only.module');
    const openedBus = bus;
    const app = await createHttpApp({
      name: 'relay',
      module: OperationsOnlyModule,
      port: config.relayPort,
      portVariable: 'RELAY_PORT',
      logger,
      metrics: registry,
      operationsAccess: await loadOperationsAccess(config),
      healthChecks: {
        readModels: () => db.raw('select 1'),
        ...eventStoreChecks(eventStore, config.eventStoreStallSeconds),
        coordination: () => coordination.ping(),
        bus: () => openedBus.ping(),
      },
      docs: { title: 'Shopstream relay (operations only)' },
    });
    return { services: [{ name: 'relay (health and metrics)', app }], close: stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function statusLines(status: RelayStatus): string[] {
  const rows = [
    ['position', status.position ?? '- (nothing published yet)'],
    ['head', status.headPosition],
    ['lag', `${status.lagEvents} events, ${status.lagSeconds.toFixed(1)} s`],
    ['last error', oneLine(status.lastError ?? '-', 120)],
    ['updated at', status.updatedAt ?? '-'],
  ];
  return table(['RELAY', ''], rows);
}
