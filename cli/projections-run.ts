import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { type AppConfig } from '../platform/config/config';
import { loadOperationsAccess } from '../platform/auth/admin-access';
import { createMetricsRegistry } from '../platform/observability/metrics';
import { allProjections } from '../projections';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import { createProjectionMetrics } from '../projections/runtime/projection-metrics';
import {
  type ProjectionWorker,
  startProjectionWorker,
} from '../projections/runtime/projection-worker';
import { type Running, serve } from './serve';
import { openSharedStores, type SharedStores } from './system';
import { eventStoreChecks } from '../platform/http/health/event-store-checks';

/** `shopstream projections run`: every projection's runner, plus health and metrics. */
export function projectionsRunAction(): Promise<void> {
  return serve('projections', runProjections);
}

export async function runProjections(config: AppConfig, logger: Logger): Promise<Running> {
  const stores = await openSharedStores(config, 'shopstream-projections');
  let worker: ProjectionWorker | undefined;
  try {
    await assertReadModelsMigrated(stores.db, config.database);
    const registry = createMetricsRegistry('projections');
    worker = await startAllProjections(stores, logger, registry);
    // Loaded on use, like the APIs: the light commands start without NestJS.
    const { createHttpApp } = await import('../platform/http');
    const { OperationsOnlyModule } = await import('./operations-only.module');
    const app = await createHttpApp({
      name: 'projections',
      module: OperationsOnlyModule,
      port: config.projectionsPort,
      portVariable: 'PROJECTIONS_PORT',
      logger,
      metrics: registry,
      operationsAccess: await loadOperationsAccess(config),
      healthChecks: {
        readModels: () => stores.db.raw('select 1'),
        ...eventStoreChecks(stores.eventStore, config.eventStoreStallSeconds),
        coordination: () => stores.coordination.ping(),
      },
      docs: { title: 'Shopstream projections (operations only)' },
    });
    return {
      services: [{ name: 'projections (health and metrics)', app }],
      close: async () => {
        await worker?.stop();
        await stores.close();
      },
    };
  } catch (error) {
    await worker?.stop();
    await stores.close();
    throw error;
  }
}

/** Every projection's runner on the process's stores, with its metrics in `registry`. */
export function startAllProjections(
  stores: SharedStores,
  logger: Logger,
  registry: Registry,
): Promise<ProjectionWorker> {
  const { db, eventStore, coordination } = stores;
  return startProjectionWorker({
    db,
    store: eventStore,
    coordination,
    logger,
    projections: allProjections,
    metrics: createProjectionMetrics(registry, { db, store: eventStore }),
  });
}
