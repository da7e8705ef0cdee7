import { type PGlite } from '@electric-sql/pglite';
import { type Pool } from 'pg';
import { type StoreConfig } from '../config/config';
import { ConfigError } from '../config/config-error';
import { openEmbeddedDatabase } from '../embedded/embedded-database';
import { redact } from '../config/parse';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { type EventStore } from './port';
import { PgQueryClient } from './postgres/pg-query-client';
import { PgliteQueryClient } from './postgres/pglite-query-client';
import {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';

/**
 * Builds the event store the configuration names (platform/config: EVENTSTORE_URL, else
 * DATABASE_URL, else PGlite under DATA_DIR) and makes sure its schema exists.
 */
export async function openEventStore(
  config: StoreConfig,
  options: PostgresEventStoreOptions & {
    /** The process's embedded database, shared with the read models; opened here if absent. */
    pglite?: PGlite;
  } = {},
): Promise<EventStore> {
  let store: EventStore;
  switch (config.kind) {
    case 'eventstoredb':
      store = EventStoreDbEventStore.connect(config.url);
      break;
    case 'postgres':
      store = createPostgresEventStore({ connectionString: config.url }, options);
      break;
    case 'pglite':
      store = options.pglite
        ? createPgliteEventStore(options.pglite, options)
        : await openPgliteEventStore(config.dataDir, options);
      break;
  }
  try {
    await store.ensureSchema();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw unreachable(config, error);
  }
  return store;
}

/** A server that cannot be reached at start is a configuration problem: name the variable. */
function unreachable(config: StoreConfig, error: unknown): ConfigError {
  const variable = { eventstoredb: 'EVENTSTORE_URL', postgres: 'DATABASE_URL', pglite: 'DATA_DIR' }[
    config.kind
  ];
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigError(variable, `cannot open the event store: ${redact(reason)}`);
}

/** PostgreSQL through a pool it opens itself, or through a pool the caller owns. */
export function createPostgresEventStore(
  connection:
    | {
        connectionString: string;
        poolSize?: number;
        /** Shown in pg_stat_activity, so operators can tell the store's connections apart. */
        applicationName?: string;
      }
    | { pool: Pool },
  options: PostgresEventStoreOptions = {},
): PostgresEventStore {
  const client =
    'pool' in connection
      ? PgQueryClient.over(connection.pool)
      : PgQueryClient.open({
          connectionString: connection.connectionString,
          max: connection.poolSize ?? 10,
          application_name: connection.applicationName ?? 'shopstream-event-store',
        });
  return new PostgresEventStore(client, options);
}

/** Over a PGlite database the caller owns (it stays open when the store closes). */
export function createPgliteEventStore(
  db: PGlite,
  options: PostgresEventStoreOptions = {},
): PostgresEventStore {
  return new PostgresEventStore(new PgliteQueryClient(db), options);
}

/**
 * Opens PGlite at DATA_DIR/pglite; the store owns it and closes it on close(). Only one process
 * may hold it: a second one is refused (ConfigError naming DATA_DIR) rather than corrupting it.
 */
export async function openPgliteEventStore(
  dataDir: string,
  options: PostgresEventStoreOptions = {},
): Promise<PostgresEventStore> {
  const embedded = await openEmbeddedDatabase(dataDir);
  return new PostgresEventStore(new PgliteQueryClient(embedded.pglite, embedded.close), options);
}
