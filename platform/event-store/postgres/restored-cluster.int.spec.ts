import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../config/config-error';
import { newEvent } from '../contract/contract-helpers';
import { openEventStore } from '../open-event-store';
import { useFreshDatabase } from '../test-support/fresh-database';

/**
 * A pg_dump restored into another cluster keeps the old transaction ids, which can be above the
 * new cluster's counter. Every new event would then sort before the restored ones, behind the
 * readers' position, and no subscriber would see it: the store refuses to start instead.
 */
const database = useFreshDatabase('es_restored');

async function storeRestoredAhead(by: bigint): Promise<string> {
  const eventId = randomUUID();
  const [{ highest }] = await database.admin<{ highest: string }>(
    `INSERT INTO event_store.events (transaction_id, stream_id, revision, event_id, type, data, metadata)
     VALUES (((pg_snapshot_xmax(pg_current_snapshot())::text::numeric + $1)::text)::xid8,
             'restored-1', 0, $2, 'Restored', '{}', '{}')
     RETURNING transaction_id::text AS highest`,
    [by.toString(), eventId],
  );
  return highest;
}

test('refuses to start, in one line naming DATABASE_URL, when stored transaction ids are ahead of the server', async () => {
  const config = { kind: 'postgres' as const, url: database.url };
  const fine = await openEventStore(config);
  await fine.append('before-restore', [newEvent()], 'no-stream');
  await fine.close();

  const highest = await storeRestoredAhead(1_000_000n);
  const opening = openEventStore(config);
  await expect(opening).rejects.toBeInstanceOf(ConfigError);
  const message = await opening.catch((error: Error) => error.message);
  expect(message).toMatch(
    new RegExp(
      `^DATABASE_URL: cannot open the event store: stored transaction ids reach ${highest}, at or above this server's next one \\(\\d+\\)`,
    ),
  );
  expect(message).toContain('pg_resetwal -e 1');
  expect(message).not.toContain('\n');

  // The way out moves the server's counter past the stored ids; here the row simply goes.
  await database.admin(`DELETE FROM event_store.events WHERE stream_id = 'restored-1'`);
  const reopened = await openEventStore(config);
  await reopened.close();
});

test('an id just below the server’s next one is accepted (the same cluster)', async () => {
  const config = { kind: 'postgres' as const, url: database.url };
  const store = await openEventStore(config);
  try {
    await store.append(`same-cluster-${randomUUID()}`, [newEvent()], 'no-stream');
  } finally {
    await store.close();
  }
  await expect(openEventStore(config).then((s) => s.close())).resolves.toBeUndefined();
});
