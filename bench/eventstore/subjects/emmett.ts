import { randomUUID } from 'node:crypto';
import { dumbo } from '@event-driven-io/dumbo';
import { type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { type EventToAppend } from '../../../platform/event-store';
import { type LiveSubscriber, type StoreUnderTest } from '../store-under-test';

/**
 * Emmett 0.42's PostgreSQL event store through its public API, on a pg Pool sized like ours.
 * Loading it replaces pg's process-wide int8/json parsers, which is one reason every store is
 * measured in a process of its own.
 */
type BenchEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

export async function openEmmett(url: string, poolSize: number): Promise<StoreUnderTest> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-emmett' });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  // readMessagesBatch is Emmett's $all read; it takes dumbo's executor (Emmett's own SQL layer).
  const execute = dumbo({ connectionString: url, pool }).execute;
  return {
    async append(stream, events, version) {
      // Emmett counts events (0: no stream), so the exact expectation is the version itself.
      await store.appendToStream(stream, events.map(toEmmettEvent), {
        expectedStreamVersion: BigInt(version),
      });
    },
    allReader(batchSize) {
      let after = 0n;
      return {
        async read(maxCount) {
          let read = 0;
          while (read < maxCount) {
            const batch = await readMessagesBatch(execute, {
              after,
              batchSize: Math.min(batchSize, maxCount - read),
            });
            read += batch.messages.length;
            after = batch.currentGlobalPosition;
            if (!batch.areMessagesLeft) break;
          }
          return read;
        },
      };
    },
    subscribe: (onEvent) => subscribe(url, poolSize, onEvent),
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

function toEmmettEvent(event: EventToAppend): BenchEvent {
  return {
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata, messageId: event.eventId },
  };
}

/**
 * Emmett's live mechanism: a consumer (batch puller polling readMessagesBatch) with one reactor,
 * all on defaults, on a second store instance with its own pool. 'END' would start at the
 * *first* position (readLastMessageGlobalPosition orders ascending), so start after the max.
 */
async function subscribe(
  url: string,
  poolSize: number,
  onEvent: (eventId: string) => void,
): Promise<LiveSubscriber> {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'bench-emmett-live',
  });
  const reader = getPostgreSQLEventStore(url, {
    connectionOptions: { pool },
    schema: { autoMigration: 'None' },
  });
  const { rows } = await pool.query<{ last: string | null }>(
    'SELECT max(global_position)::text AS last FROM emt_messages',
  );
  const consumer = reader.consumer();
  consumer.reactor({
    processorId: `bench-live-${randomUUID()}`,
    startFrom: { lastCheckpoint: BigInt(rows[0].last ?? '0') },
    eachMessage: (message) => {
      onEvent(String(message.metadata.messageId));
    },
  });
  const running = consumer.start();
  running.catch(() => undefined); // surfaced by stop()
  return {
    async stop() {
      await consumer.stop();
      await running;
      await reader.close();
      await pool.end();
    },
  };
}
