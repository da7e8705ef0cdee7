import { pino } from 'pino';
import { uniqueSuffix } from '../../../test/harness';
import { openReadModelDb } from '../../read-model-db/open-read-model-db';
import { describeBusContract } from '../contract/bus-contract.testing';
import { eventually, Inbox, numbered } from '../contract/contract-helpers.testing';
import { type BusConsumer } from '../port';
import {
  type MigratedDatabase,
  migratedPglite,
  migratedPostgres,
} from '../../../test/support/read-model-databases.testing';
import { InProcessBus } from './in-process-bus';
import { type InProcessBusSettings } from './in-process-settings';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
/** A member that hangs is replaced after 1.5 s instead of 30. */
const settings: Partial<InProcessBusSettings> = { sessionTimeoutMs: 1_500 };

const backends: Array<[string, () => Promise<MigratedDatabase>]> = [
  ['Postgres', () => migratedPostgres('in_process_bus')],
  ['PGlite', () => migratedPglite()],
];

for (const [name, open] of backends) {
  describeBusContract(`in-process on ${name}`, async () => {
    const database = await open();
    const bus = new InProcessBus({ db: database.db, logger, settings });
    const suffix = uniqueSuffix();
    return {
      bus,
      partitions: 1,
      topic: (label) => `test.${label}.${suffix}`,
      group: (label) => `${label}-${suffix}`,
      takeoverMs: 20_000,
      close: async () => {
        await bus.close();
        await database.close();
      },
    };
  });
}

describe.each(backends)('the in-process bus on %s', (backend, open) => {
  let database: MigratedDatabase;
  let bus: InProcessBus;
  const running: BusConsumer[] = [];
  beforeAll(async () => {
    database = await open();
    bus = new InProcessBus({ db: database.db, logger, settings });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });
  afterAll(async () => {
    await bus.close();
    await database.close();
  });

  it('lets a handler use the same database while it handles (PGlite has one connection)', async () => {
    const { db } = database;
    await db.schema.createTable('handled_here', (table) => table.integer('n').primary());
    await bus.publish([0, 1, 2].map((n) => numbered('test.same-db', 'k', n)));
    const handled: number[] = [];
    running.push(
      await bus.consume({
        groupId: 'same-db',
        topics: ['test.same-db'],
        handle: async (message) => {
          const { n } = JSON.parse(message.value) as { n: number };
          await db.transaction((tx) => tx('handled_here').insert({ n }));
          handled.push(n);
        },
      }),
    );
    await eventually('3 handled', () => handled.length === 3);
    expect(await db('handled_here').orderBy('n').pluck('n')).toEqual([0, 1, 2]);
    expect(handled).toEqual([0, 1, 2]);
  });

  if (backend !== 'Postgres') return;

  it('delivers what another process publishes on the same Postgres (by polling)', async () => {
    const other = await openReadModelDb({ kind: 'postgres', url: database.url! });
    try {
      const otherBus = new InProcessBus({ db: other, logger });
      const inbox = new Inbox();
      running.push(
        await bus.consume({
          groupId: 'other-process',
          topics: ['test.other'],
          handle: inbox.handle,
        }),
      );
      await otherBus.publish([numbered('test.other', 'k', 7)]);
      await inbox.waitFor(1);
      expect(inbox.numbers()).toEqual([7]);
    } finally {
      await other.destroy();
    }
  });
});
