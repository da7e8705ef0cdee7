import { Pool } from 'pg';
import { createPostgresEventStore } from '../../../platform/event-store';
import { type LiveSubscriber, type StoreUnderTest } from '../store-under-test';

/** Our PostgresEventStore, exactly as the write side uses it. */
export async function openOurs(url: string, poolSize: number): Promise<StoreUnderTest> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-ours' });
  const store = createPostgresEventStore({ pool });
  await store.ensureSchema();
  return {
    async append(stream, events, version) {
      await store.append(stream, events, version === 0 ? 'no-stream' : BigInt(version - 1));
    },
    allReader(batchSize) {
      let fromPosition: string | undefined;
      return {
        async read(maxCount) {
          let read = 0;
          for await (const batch of store.readAll({ batchSize, maxCount, fromPosition })) {
            read += batch.length;
            fromPosition = batch[batch.length - 1].position;
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

/** subscribeToAll on another instance: wake-ups reach it through LISTEN/NOTIFY, not in-process. */
async function subscribe(
  url: string,
  poolSize: number,
  onEvent: (eventId: string) => void,
): Promise<LiveSubscriber> {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'bench-ours-live',
  });
  const reader = createPostgresEventStore({ pool });
  const subscription = reader.subscribeToAll({ fromPosition: await reader.headPosition() });
  const consuming = (async () => {
    for await (const event of subscription) onEvent(event.eventId);
  })();
  consuming.catch(() => undefined); // surfaced by stop()
  return {
    async stop() {
      await subscription.stop();
      await consuming;
      await reader.close();
      await pool.end();
    },
  };
}
