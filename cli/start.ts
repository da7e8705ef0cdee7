import { Command } from 'commander';
import { createMetricsRegistry } from '../platform/observability/metrics';
import { migrateReadModels } from '../projections/read-model-schema';
import { type ProjectionWorker } from '../projections/runtime/projection-worker';
import { startAllProjections } from './projections-run';
import { serve } from './serve';
import { openSharedStores } from './system';

/**
 * `shopstream start` (= `npm start`): every process in one Node process, on the embedded
 * defaults when nothing is configured: one PGlite for events and read models, in-process
 * coordination. It migrates the read-model schema itself, so a fresh checkout just starts.
 * Today: write API, projections and read API; process managers and relay join in later steps
 * (docs/ARCHITECTURE.md, "Status").
 */
export function startCommand(): Command {
  return new Command('start')
    .description('Run the whole system in one process (write API, projections, read API)')
    .action(() =>
      serve('shopstream', async (config, logger) => {
        const [{ createReadApi }, { createWriteApi }] = await Promise.all([
          import('../read-api/main'),
          import('../write-side/main'),
        ]);
        const stores = await openSharedStores(config, 'shopstream');
        let worker: ProjectionWorker | undefined;
        try {
          const { db, eventStore, coordination } = stores;
          for (const line of await migrateReadModels(db)) logger.info(`migrate: ${line}`);
          const readMetrics = createMetricsRegistry('read-api');
          worker = await startAllProjections(
            stores,
            logger.child({ part: 'projections' }),
            readMetrics,
          );
          const writeApp = await createWriteApi({ config, logger, eventStore, coordination });
          const readApp = await createReadApi({
            config,
            logger,
            db,
            eventStore,
            coordination,
            metrics: readMetrics,
          });
          return {
            services: [
              { name: 'write API', app: writeApp },
              { name: 'read API', app: readApp },
            ],
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
      }),
    );
}
