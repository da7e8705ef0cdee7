import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { versionedMetadata } from '../../platform/commands/domain-events';
import { createPostgresEventStore } from '../../platform/event-store/open-event-store';
import { type EventStore } from '../../platform/event-store/port';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { allProjections } from '../../projections';
import { migrateReadModels } from '../../projections/read-model-schema';
import { readCheckpoint, readCheckpoints } from '../../projections/runtime/checkpoints';
import { strayGenerations } from '../../projections/runtime/tables';
import { tableChecksums } from '../../projections/test-support/projection-fixture.testing';
import { createTestDatabase, type TestDatabase } from '../harness';
import { runCli } from './run-cli.testing';
import {
  catchUpLive,
  type LiveProjections,
  startLiveProjections,
  waitFor,
  writeShopWorkload,
} from './shop-workload.testing';
import { waitUntilProjected } from '../../projections/test-support/wait-until-projected.testing';

/** The projection commands as an operator runs them: real processes against a real database. */

type Stores = Readonly<{
  database: TestDatabase;
  db: Knex;
  store: EventStore;
  env: Record<string, string>;
}>;

async function openStores(prefix: string): Promise<Stores> {
  const database = await createTestDatabase(prefix);
  const db = await openReadModelDb({ kind: 'postgres', url: database.url }, { poolSize: 4 });
  const store = createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
  await store.ensureSchema();
  await migrateReadModels(db);
  const env = { DATABASE_URL: database.url, DATA_DIR: `/tmp/shopstream-cli-${randomUUID()}` };
  return { database, db, store, env };
}

async function closeStores(stores: Stores | undefined): Promise<void> {
  await stores?.store.close();
  await stores?.db.destroy();
  await stores?.database.drop();
}

const names = allProjections.map((p) => p.name);

async function checksumsOfAll(db: Knex): Promise<Record<string, Record<string, string>>> {
  const sums: Record<string, Record<string, string>> = {};
  for (const projection of allProjections)
    sums[projection.name] = await tableChecksums(db, projection);
  return sums;
}

/** The row of a `projections list` table, split into its columns. */
function row(stdout: string, name: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no row for ${name} in:\n${stdout}`);
  return line.split(/ {2,}/);
}

describe('shopstream projections list and rebuild', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openStores('cli_projections');
    await writeShopWorkload(stores.store, { users: 12, products: 8, orders: 40 });
    await catchUpLive(stores.db, stores.store);
  });
  afterAll(() => closeStores(stores));

  it('rebuilds all into a new generation with identical tables, logging progress and a summary', async () => {
    const { db, store, env } = stores;
    expect(await store.countEventsAfter()).toBeGreaterThan(300);
    const before = await checksumsOfAll(db);
    for (const name of names) {
      // Every read model has rows, so "identical" compares something.
      const rows = Object.values(before[name]).map((sum) => Number(sum.split(':')[0]));
      expect({ name, hasRows: Math.max(...rows) > 0 }).toEqual({ name, hasRows: true });
    }
    const generations = new Map((await readCheckpoints(db)).map((c) => [c.name, c.generation]));

    const result = await runCli(['projections', 'rebuild', 'all'], env);

    expect(result.stderr).toContain(`rebuilding ${names.join(', ')} from the first event`);
    expect(result.stderr).toMatch(
      /^replaying: [\d,]+ of [\d,]+ events \(\d+%\), [\d,]+ events\/s, ETA /m,
    );
    for (const name of names) {
      expect(result.stderr).toMatch(
        new RegExp(`^${name}: swapped in the new tables at position \\d+-\\d+$`, 'm'),
      );
    }
    expect(result.code).toBe(0);
    const out = result.stdout.trim().split('\n');
    expect(out[0].split(/ {2,}/)).toEqual([
      'PROJECTION',
      'GENERATION',
      'EVENTS APPLIED',
      'APPLY TIME',
      'RATE',
    ]);
    for (const name of names) {
      const [, generation, applied, , rate] = row(result.stdout, name);
      expect(Number(generation)).toBe(generations.get(name)! + 1);
      expect(Number(applied.replace(/,/g, ''))).toBeGreaterThan(0);
      expect(rate).toMatch(/^[\d,]+ events\/s$/);
    }
    expect(out.at(-1)).toMatch(
      /^rebuilt 6 projections: [\d,]+ events read in .+, [\d,]+ events\/s$/,
    );

    expect(await checksumsOfAll(db)).toEqual(before);
    const head = await store.headPosition();
    for (const checkpoint of await readCheckpoints(db)) {
      expect(checkpoint.generation).toBe(generations.get(checkpoint.name)! + 1);
      expect(checkpoint.position).toBe(head);
      expect(checkpoint.rebuildGeneration).toBeNull();
      const projection = allProjections.find((p) => p.name === checkpoint.name)!;
      expect(await strayGenerations(db, projection, [checkpoint.generation])).toEqual([]);
    }
  });

  it('rebuilds one projection by name and leaves the others alone', async () => {
    const { db, env } = stores;
    const before = new Map((await readCheckpoints(db)).map((c) => [c.name, c.generation]));
    const result = await runCli(['projections', 'rebuild', 'inventory'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^rebuilt 1 projection: /m);
    for (const checkpoint of await readCheckpoints(db)) {
      const bump = checkpoint.name === 'inventory' ? 1 : 0;
      expect(checkpoint.generation).toBe(before.get(checkpoint.name)! + bump);
    }
  });

  it('refuses an unknown projection in one line naming the known ones', async () => {
    const result = await runCli(['projections', 'rebuild', 'catalogue'], stores.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `shopstream: unknown projection "catalogue": the projections are ${names.join(', ')}, or "all"\n`,
    );
  });

  it('lists every projection with its position and lag, as a table and as JSON', async () => {
    const { db, store, env } = stores;
    const stored = await store.countEventsAfter();
    await writeShopWorkload(store, { users: 1, products: 1, orders: 0 }); // not applied: no worker runs
    const appended = (await store.countEventsAfter()) - stored;
    expect(appended).toBeGreaterThan(0);

    const table = await runCli(['projections', 'list'], env);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(row(table.stdout, 'NAME')).toEqual([
      'NAME',
      'VERSION',
      'STATUS',
      'POSITION',
      'LAG',
      'PARKED',
      'LAST ERROR',
    ]);
    for (const checkpoint of await readCheckpoints(db)) {
      expect(row(table.stdout, checkpoint.name)).toEqual([
        checkpoint.name,
        String(checkpoint.version),
        checkpoint.status,
        checkpoint.position,
        String(appended),
        '0',
        '-',
      ]);
    }
    expect(table.stdout).toContain(`head of the event store: ${await store.headPosition()}`);
    expect(table.stdout).toContain('No parked events.');

    const json = await runCli(['projections', 'list', '--json'], env);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      projections: { name: string; lag: number; headPosition: string }[];
      parked: unknown[];
    };
    expect(parsed.projections.map((p) => p.name).sort()).toEqual([...names].sort());
    for (const state of parsed.projections) {
      expect(state).toMatchObject({ lag: appended, headPosition: await store.headPosition() });
    }
    expect(parsed.parked).toEqual([]);
  });

  it('has --help for every subcommand', async () => {
    const help = await runCli(['projections', '--help'], stores.env);
    expect(help.code).toBe(0);
    for (const sub of ['run', 'list', 'rebuild', 'park']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    }
    const rebuild = await runCli(['projections', 'rebuild', '--help'], stores.env);
    expect(rebuild.stdout).toContain('progress');
  });
});

describe('shopstream projections park', () => {
  let stores: Stores;
  let live: LiveProjections | undefined;
  beforeAll(async () => {
    stores = await openStores('cli_park');
    await writeShopWorkload(stores.store, { users: 2, products: 2, orders: 3 });
    live = await startLiveProjections(stores.db, stores.store);
  });
  afterAll(async () => {
    await live?.stop();
    await closeStores(stores);
  });

  /** A ProductCreated stored with schema version 0: no upcaster lifts it, so applying it throws. */
  async function appendPoison(): Promise<string> {
    const eventId = randomUUID();
    const productId = randomUUID();
    await stores.store.append(
      `product-${productId}`,
      [
        {
          eventId,
          type: 'ProductCreated',
          data: { productId, sku: 'POISON-1', name: 'Poison', category: 'x', priceCents: 1 },
          metadata: {
            ...versionedMetadata('ProductCreated', {
              correlationId: eventId,
              causationId: eventId,
              userId: null,
              occurredAt: new Date().toISOString(),
            }),
            schemaVersion: 0,
          },
        },
      ],
      'no-stream',
    );
    return eventId;
  }

  it('parks the event a projection is stuck on; it goes on, and list shows the event parked', async () => {
    const { db, store, env } = stores;
    const affected = allProjections.filter((p) => p.eventTypes.includes('ProductCreated'));
    expect(affected.length).toBeGreaterThan(0);
    const poison = await appendPoison();
    await writeShopWorkload(store, { users: 1, products: 1, orders: 0 }); // behind the poison
    for (const { name } of affected) {
      await waitFor(`${name} to fail on ${poison}`, async () => {
        const checkpoint = await readCheckpoint(db, name);
        return checkpoint?.status === 'failing' && checkpoint.failingEventId === poison;
      });
    }
    const stuck = await runCli(['projections', 'list'], env);
    const [, , status, , , parked, lastError] = row(stuck.stdout, affected[0].name);
    expect([status, parked]).toEqual(['failing', '0']);
    expect(lastError).toContain(`event ${poison} (ProductCreated`);
    expect(stuck.stdout).toContain(`\`shopstream projections park ${affected[0].name} ${poison}\``);

    const target = affected[0].name;
    const result = await runCli(['projections', 'park', target, poison.toUpperCase()], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^parked event ${poison} \\(ProductCreated at \\d+-\\d+\\) of projection ${target}: `,
      ),
    );
    expect(result.stdout).toContain('no upcaster from schema version 0');

    const head = await store.headPosition();
    await waitFor(`${target} to pass the parked event`, async () => {
      const checkpoint = await readCheckpoint(db, target);
      return checkpoint?.status === 'running' && checkpoint.position === head;
    });
    const json = JSON.parse((await runCli(['projections', 'list', '--json'], env)).stdout) as {
      projections: {
        name: string;
        status: string;
        parkedEvents: number;
        failingEventId: string | null;
      }[];
      parked: { projection: string; eventId: string; type: string }[];
    };
    expect(json.projections.find((p) => p.name === target)).toMatchObject({
      status: 'running',
      parkedEvents: 1,
      failingEventId: null,
    });
    for (const { name } of affected.slice(1)) {
      expect(json.projections.find((p) => p.name === name)).toMatchObject({
        status: 'failing',
        failingEventId: poison,
      });
    }
    expect(json.parked).toEqual([
      expect.objectContaining({ projection: target, eventId: poison, type: 'ProductCreated' }),
    ]);
    const text = await runCli(['projections', 'list'], env);
    expect(text.stdout).toContain('Parked events (1)');
    expect(text.stdout).toMatch(new RegExp(`^${target} +${poison} +ProductCreated `, 'm'));

    // The others are unblocked the same way, and then every projection reaches the head.
    for (const { name } of affected.slice(1)) {
      expect((await runCli(['projections', 'park', name, poison], env)).code).toBe(0);
    }
    await waitUntilProjected(db, store, { count: allProjections.length, timeoutMs: 60_000 });
  });

  it('refuses an event the projection is not failing on, in one line', async () => {
    const eventId = randomUUID();
    const result = await runCli(['projections', 'park', 'orders', eventId], stores.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `shopstream: projection orders is not failing on event ${eventId}: it is not failing on any event\n`,
    );
  });

  it.each([
    [
      ['orders', '42'],
      'shopstream: eventId must be a UUID (as `shopstream projections list` shows it), got "42"',
    ],
    [['order', randomUUID()], 'shopstream: unknown projection "order": the projections are'],
  ])('refuses %j before touching the database', async (args, message) => {
    const result = await runCli(['projections', 'park', ...args], { DATA_DIR: '/nonexistent/x' });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([expect.stringContaining(message), '']);
  });
});

describe('the projection commands on an unmigrated database', () => {
  it('stop with one line that says to run shopstream migrate', async () => {
    const database = await createTestDatabase('cli_unmigrated');
    try {
      const result = await runCli(['projections', 'list'], {
        DATABASE_URL: database.url,
        DATA_DIR: `/tmp/shopstream-cli-${randomUUID()}`,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^shopstream: DATABASE_URL: the read-model schema is not migrated \(\d+ pending\): run `shopstream migrate`\n$/,
      );
    } finally {
      await database.drop();
    }
  });
});
