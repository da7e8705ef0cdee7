import { type PGlite } from '@electric-sql/pglite';
import { type Knex } from 'knex';
import { type AppConfig } from '../platform/config/config';
import { openCoordination } from '../platform/coordination/open-coordination';
import { type Coordination } from '../platform/coordination/ports';
import { openEmbeddedDatabase } from '../platform/embedded/embedded-database';
import { openEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { openReadModelDb } from '../platform/read-model-db/open-read-model-db';

/** The stores a process shares between its parts, and how to close them (in reverse order). */
export type SharedStores = Readonly<{
  eventStore: EventStore;
  db: Knex;
  coordination: Coordination;
  close(): Promise<void>;
}>;

/** Whether the configuration puts the event store or the read models in PGlite under DATA_DIR. */
export function usesEmbeddedDatabase(config: AppConfig): boolean {
  return config.eventStore.kind === 'pglite' || config.database.kind === 'pglite';
}

/**
 * Opens the event store, the read-model database and coordination the configuration names.
 * With the embedded default, the event store and the read models share one PGlite instance
 * (one process may hold DATA_DIR; PGlite is one connection).
 */
export async function openSharedStores(
  config: AppConfig,
  applicationName: string,
): Promise<SharedStores> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    let pglite: PGlite | undefined;
    if (usesEmbeddedDatabase(config)) {
      const embedded = await openEmbeddedDatabase(config.dataDir);
      closers.push(() => embedded.close());
      pglite = embedded.pglite;
    }
    const eventStore = await openEventStore(config.eventStore, { pglite });
    closers.push(() => eventStore.close());
    const db = await openReadModelDb(config.database, { pglite, applicationName });
    closers.push(() => db.destroy());
    // Without REDIS_URL, processes sharing a Postgres DATABASE_URL take their leases there.
    const leaseDatabase = config.database.kind === 'postgres' ? db : undefined;
    const coordination = await openCoordination(config, { leaseDatabase });
    closers.push(() => coordination.close());
    return { eventStore, db, coordination, close };
  } catch (error) {
    await close();
    throw error;
  }
}
