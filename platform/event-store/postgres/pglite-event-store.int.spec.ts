import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PGlite as PGliteInstance } from '@electric-sql/pglite';
import { newEvents } from '../contract/contract-helpers';
import { describeEventStoreContract } from '../contract/event-store-contract';
import { createPgliteEventStore } from '../open-event-store';
import { ConnectionDroppingClient } from '../test-support/connection-dropping-client';
import { PGlite } from '../test-support/load-pglite';
import { PgliteQueryClient } from './pglite-query-client';
import { PostgresEventStore } from './postgres-event-store';

let dataDir: string;
let db: PGliteInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-pglite-'));
  db = await PGlite.create(path.join(dataDir, 'contract'));
});

afterAll(async () => {
  await db?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describeEventStoreContract('PGlite (embedded PostgreSQL)', {
  globallyUniqueEventIds: true,
  async open() {
    // PGlite has no server connection to kill: the wrapper fails the store's next queries with
    // the very error pg_terminate_backend produces, which drives the same recovery path.
    const client = new ConnectionDroppingClient(new PgliteQueryClient(db));
    const store = new PostgresEventStore(client, { pollIntervalMs: 60_000 });
    await store.ensureSchema();
    return { store, dropConnections: async () => client.dropConnections() };
  },
  async openEmpty() {
    // A schema of its own in the same database: the store's tables start out empty there.
    const schema = `es_empty_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const store = createPgliteEventStore(db, { schema, pollIntervalMs: 60_000 });
    await store.ensureSchema();
    return { store };
  },
});

describe('PGlite event store on disk', () => {
  test('keeps its events across closing and reopening the data directory', async () => {
    const dir = path.join(dataDir, 'persisted');
    const first = await PGlite.create(dir);
    const writer = createPgliteEventStore(first);
    await writer.ensureSchema();
    const written = newEvents(3);
    const { position } = await writer.append('persisted-1', written, 'no-stream');
    await writer.close();
    await first.close();

    const second = await PGlite.create(dir);
    const reader = createPgliteEventStore(second);
    try {
      await reader.ensureSchema();
      expect((await reader.readStream('persisted-1')).map((e) => e.eventId)).toEqual(
        written.map((e) => e.eventId),
      );
      expect(await reader.headPosition()).toBe(position);
    } finally {
      await reader.close();
      await second.close();
    }
  });
});
