import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store-contract';
import { createPostgresEventStore } from '../open-event-store';
import { useFreshDatabase } from '../test-support/fresh-database';

const database = useFreshDatabase('es_contract');

describeEventStoreContract('PostgreSQL', {
  globallyUniqueEventIds: true,
  async open() {
    // Each store gets its own application_name so dropConnections hits only its backends.
    const applicationName = `es-contract-${randomUUID().slice(0, 8)}`;
    const store = createPostgresEventStore(
      { connectionString: database.url, applicationName, poolSize: 4 },
      // A fallback poll far beyond the tests' timeouts: live delivery must come from wake-ups.
      { pollIntervalMs: 60_000 },
    );
    await store.ensureSchema();
    return {
      store,
      dropConnections: async () => {
        const terminated = await database.terminate(applicationName);
        if (terminated === 0) throw new Error('dropConnections terminated no backend');
      },
    };
  },
  async openEmpty() {
    // A schema of its own in the same database: the store's tables start out empty there.
    const schema = `es_empty_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const store = createPostgresEventStore(
      { connectionString: database.url, poolSize: 2 },
      { schema, pollIntervalMs: 60_000 },
    );
    await store.ensureSchema();
    return { store };
  },
});
