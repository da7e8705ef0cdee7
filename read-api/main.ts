import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { AccessTokens } from '../platform/auth/access-tokens';
import { operationsAccess } from '../platform/auth/admin-access';
import { loadJwtSecret } from '../platform/auth/jwt-secret';
import { type AppConfig } from '../platform/config/config';
import { openCoordination } from '../platform/coordination/open-coordination';
import { type Coordination } from '../platform/coordination/ports';
import { openEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { createHttpApp, type HttpApp } from '../platform/http';
import { openReadModelDb } from '../platform/read-model-db/open-read-model-db';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import { CheckpointWatch } from '../projections/runtime/checkpoint-notifications';
import { readApiFeatures } from './features';
import { CursorCodec } from './shared/cursor';
import { ReadApiModule } from './read-api.module';
import { eventStoreChecks } from '../platform/http/health/event-store-checks';

export type ReadApiOptions = Readonly<{
  config: AppConfig;
  logger: Logger;
  /** Given by the all-in-one process (shared with the other parts); opened here otherwise. */
  db?: Knex;
  eventStore?: EventStore;
  coordination?: Coordination;
  metrics?: Registry;
}>;

/** Builds the read API (`shopstream read-api`), ready to listen. */
export async function createReadApi(options: ReadApiOptions): Promise<HttpApp> {
  const { config, logger } = options;
  // First: a key file others can read stops the process before anything is opened.
  const secret = await loadJwtSecret({ jwtSecret: config.jwtSecret, dataDir: config.dataDir });
  const owned: { close(): Promise<void> }[] = [];
  const db =
    options.db ??
    (await openReadModelDb(config.database, { applicationName: 'shopstream-read-api' }));
  if (!options.db) owned.push({ close: () => db.destroy() });
  try {
    await assertReadModelsMigrated(db, config.database);
    const eventStore = options.eventStore ?? (await openEventStore(config.eventStore));
    if (!options.eventStore) owned.unshift(eventStore);
    const coordination = options.coordination ?? (await openCoordination(config));
    if (!options.coordination) owned.unshift(coordination);
    const watch = await CheckpointWatch.open(db, coordination.pubsub);
    owned.unshift(watch);
    const accessTokens = new AccessTokens({ secret: secret.key });

    return await createHttpApp({
      name: 'read-api',
      module: ReadApiModule.forRoot(
        { db, eventStore, watch, accessTokens, cursors: CursorCodec.fromSecret(secret.key) },
        readApiFeatures,
      ),
      apiPrefix: 'api/v1',
      port: config.readApiPort,
      portVariable: 'READ_API_PORT',
      trustProxy: config.trustProxy,
      logger,
      metrics: options.metrics,
      corsOrigins: config.corsOrigins,
      operationsAccess: operationsAccess(config, accessTokens),
      healthChecks: {
        readModels: () => db.raw('select 1'),
        ...eventStoreChecks(eventStore, config.eventStoreStallSeconds),
        coordination: () => coordination.ping(),
      },
      docs: { title: 'Shopstream read API' },
      onClose: () => closeAll(owned),
    });
  } catch (error) {
    await closeAll(owned).catch(() => undefined);
    throw error;
  }
}

async function closeAll(owned: readonly { close(): Promise<void> }[]): Promise<void> {
  for (const dependency of owned) await dependency.close();
}
