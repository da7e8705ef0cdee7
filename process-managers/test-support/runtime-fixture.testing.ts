import { type Knex } from 'knex';
import { pino } from 'pino';
import { type DomainEvent } from '../../domain/event-schemas';
import { CommandRunner } from '../../platform/commands/command-runner';
import { appendDomainEvents } from '../../platform/commands/append-domain-events.testing';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { migrateToLatest } from '../../platform/read-model-db/migrations';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { readModelMigrations } from '../../projections/migrations';
import { createTestDatabase } from '../../test/harness';
import { type EffectHandlers } from '../runtime/effects';
import { Scheduler, type SchedulerSettings } from '../runtime/scheduler';

export type RuntimeFixture = Readonly<{
  db: Knex;
  store: EventStore;
  runner: CommandRunner;
  url: string;
  /** Appends domain events (expected 'any'); returns them as stored. */
  append(streamName: string, events: readonly DomainEvent[], at?: string): Promise<RecordedEvent[]>;
  scheduler(
    owner: string,
    effects?: Partial<EffectHandlers>,
    settings?: Partial<SchedulerSettings>,
  ): Scheduler;
  close(): Promise<void>;
}>;

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A fresh Postgres database, migrated, with the event store in it: the runtime's real parts. */
export async function createRuntimeFixture(label = 'pm_runtime'): Promise<RuntimeFixture> {
  const database = await createTestDatabase(label);
  const db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 8 });
  await migrateToLatest(db, readModelMigrations);
  const store = createPostgresEventStore({ connectionString: database.url, poolSize: 8 });
  await store.ensureSchema();
  const runner = new CommandRunner(store);
  return {
    db,
    store,
    runner,
    url: database.url,
    async append(streamName, events, at = new Date().toISOString()) {
      const before = await store.readStream(streamName);
      await appendDomainEvents(store, streamName, events, { at });
      return (await store.readStream(streamName)).slice(before.length);
    },
    scheduler: (owner, effects = {}, settings = {}) =>
      new Scheduler(
        {
          db,
          runner,
          effects: effects as EffectHandlers,
          owner,
          logger: quietLogger,
          retryInitialMs: 50,
          retryMaxMs: 200,
        },
        { pollMs: 20, ...settings },
      ),
    async close() {
      await db.destroy();
      await store.close();
      await database.drop();
    },
  };
}
