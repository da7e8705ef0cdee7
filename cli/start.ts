import { Command } from 'commander';
import { openBus } from '../platform/bus/open-bus';
import { type IntegrationBus } from '../platform/bus/port';
import { runAsBackground } from '../platform/embedded/background-work';
import { createMetricsRegistry } from '../platform/observability/metrics';
import { type ProcessManagerWorker } from '../process-managers/runtime/worker';
import { migrateReadModels } from '../projections/read-model-schema';
import { type ProjectionWorker } from '../projections/runtime/projection-worker';
import { createRelayMetrics, type Relay, startRelay } from '../relay';
import { type ControlServer, listenForCommands } from './control/control-server';
import { startAllProcessManagers } from './process-managers-run';
import { startAllProjections } from './projections-run';
import { serve } from './serve';
import { announceReady } from './start-banner';
import { startAdmin } from './start-admin';
import { openSharedStores, usesEmbeddedDatabase } from './system';

/**
 * `shopstream start` (= `npm start`): every process in one Node process, on the embedded
 * defaults when nothing is configured: one PGlite for events, read models and process state,
 * the in-process bus (a durable log in that database) instead of Kafka, in-process coordination,
 * and mail as `.eml` files under DATA_DIR/outbox. It migrates the read-model schema itself, so
 * a fresh checkout just starts. The workers' metrics join the read API's `/metrics`. Once both
 * APIs listen it says so once: the URLs, what runs embedded, and the admin account (from
 * ADMIN_EMAIL/ADMIN_PASSWORD, or generated on the first start and kept under DATA_DIR).
 * Operator commands run meanwhile come in on DATA_DIR/control.sock and run here, on these
 * stores (cli/control/).
 */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'Run the whole system in one process (write API, read API, projections, relay, ' +
        'process managers)',
    )
    .action(() =>
      serve('shopstream', async (configured, logger, format) => {
        const [{ createReadApi }, { createWriteApi }] = await Promise.all([
          import('../read-api/main'),
          import('../write-side/main'),
        ]);
        const admin = await startAdmin(configured);
        const config = { ...configured, admin: admin.credentials };
        const stores = await openSharedStores(config, 'shopstream');
        let bus: IntegrationBus | undefined;
        let projections: ProjectionWorker | undefined;
        let relay: Relay | undefined;
        let managers: ProcessManagerWorker | undefined;
        let control: ControlServer | undefined;
        const stopWorkers = async () => {
          // First: a CLI command still running here uses the stores closed below.
          await control?.close();
          await managers?.stop();
          await relay?.stop();
          await projections?.stop();
          await bus?.close();
        };
        try {
          const { db, eventStore, coordination } = stores;
          // Each step at debug: a dozen lines on a fresh DATA_DIR would bury the banner.
          const migrated = await migrateReadModels(db);
          for (const line of migrated) logger.debug(`migrate: ${line}`);
          if (migrated.length > 0) logger.info(`migrate: ${migrated.length} steps applied`);
          const readMetrics = createMetricsRegistry('read-api');
          // The workers' queries wait behind requests' on the embedded database.
          await runAsBackground(async () => {
            projections = await startAllProjections(
              stores,
              logger.child({ part: 'projections' }),
              readMetrics,
            );
            bus = await openBus(config, { db, logger, clientId: 'shopstream' });
            relay = await startRelay({
              db,
              store: eventStore,
              bus,
              coordination,
              logger: logger.child({ part: 'relay' }),
              topicPrefix: config.kafkaTopicPrefix,
              metrics: createRelayMetrics(readMetrics, { db, store: eventStore }),
            });
            managers = await startAllProcessManagers(stores, bus, config, logger, readMetrics);
          });
          const writeApp = await createWriteApi({ config, logger, eventStore, coordination });
          const readApp = await createReadApi({
            config,
            logger,
            db,
            eventStore,
            coordination,
            metrics: readMetrics,
          });
          if (usesEmbeddedDatabase(config)) {
            // Only then is DATA_DIR ours alone, and the CLI unable to open the stores itself.
            // Operator commands (a rebuild, a backfill) are bulk work: they wait behind requests too.
            control = await runAsBackground(() =>
              listenForCommands({ ...stores, config }, logger.child({ part: 'cli' })),
            );
          }
          return {
            services: [
              { name: 'write API', app: writeApp },
              { name: 'read API', app: readApp },
            ],
            close: async () => {
              await stopWorkers();
              await stores.close();
            },
            ready: (listening) =>
              announceReady({ listening, admin: admin.shown }, config, format, logger),
          };
        } catch (error) {
          await stopWorkers().catch(() => undefined);
          await stores.close();
          throw error;
        }
      }),
    );
}
