import { newEvent } from '../contract/contract-helpers';
import { ConcurrencyError } from '../errors';
import { createPostgresEventStore } from '../open-event-store';
import { type ExpectedRevision } from '../port';
import { useFreshDatabase } from '../test-support/fresh-database';
import { type PostgresEventStore } from './postgres-event-store';

/**
 * Optimistic concurrency under a real race: many connections append to one stream at once, each
 * with the revision it just read. The streams row must let exactly one of them win each revision.
 */
const database = useFreshDatabase('es_race');
let store: PostgresEventStore;

beforeAll(async () => {
  store = createPostgresEventStore({ connectionString: database.url, poolSize: 50 });
  database.beforeDrop(() => store.close());
  await store.ensureSchema();
});

async function currentRevision(stream: string): Promise<ExpectedRevision> {
  const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last ? last.revision : 'no-stream';
}

test('50 appenders racing with exact expected revisions: one winner per revision, no gaps', async () => {
  const stream = 'race-exact';
  const appenders = 50;
  const conflicts: ConcurrencyError[] = [];
  const wins = await Promise.all(
    Array.from({ length: appenders }, async (_, appender) => {
      const event = newEvent('Raced', { appender });
      for (;;) {
        const expected = await currentRevision(stream);
        try {
          const { nextRevision } = await store.append(stream, [event], expected);
          return { eventId: event.eventId, revision: nextRevision };
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
          conflicts.push(error);
        }
      }
    }),
  );

  const stored = await store.readStream(stream);
  expect(stored.map((e) => Number(e.revision))).toEqual([...Array(appenders).keys()]);
  // Each appender won exactly one revision, and it is the one its event is stored at.
  expect(new Set(wins.map((w) => w.revision)).size).toBe(appenders);
  for (const win of wins) expect(stored[Number(win.revision)].eventId).toBe(win.eventId);
  // The race was real, and every loser learned a revision beyond the one it expected.
  expect(conflicts.length).toBeGreaterThan(0);
  for (const conflict of conflicts) {
    expect(typeof conflict.actual).toBe('bigint');
    if (conflict.expected !== 'no-stream') {
      expect(conflict.actual as bigint).toBeGreaterThan(BigInt(conflict.expected));
    }
  }
});

test('20 appenders racing to create the same stream: exactly one succeeds', async () => {
  const stream = 'race-create';
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, () => store.append(stream, [newEvent()], 'no-stream')),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(19);
  for (const loss of lost) expect(loss.reason).toMatchObject({ actual: 0n, code: 'concurrency' });
  expect(await store.readStream(stream)).toHaveLength(1);
});
