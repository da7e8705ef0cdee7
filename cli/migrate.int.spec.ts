import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Knex } from 'knex';
import { PGlite } from '../platform/event-store/test-support/load-pglite';
import { ConfigError } from '../platform/config/config-error';
import { rollbackMigrations, migrateToLatest } from '../platform/read-model-db/migrations';
import { openReadModelDb } from '../platform/read-model-db/open-read-model-db';
import { allProjections } from '../projections';
import { readModelMigrations } from '../projections/migrations';
import { createTestDatabase, type TestDatabase } from '../test/harness';
import { migrate } from './migrate';
import { buildProgram } from './program';
import { runCli } from '../test/cli/run-cli.testing';

/** The CLI as an operator runs it, from the TypeScript sources (PGlite cannot load under jest). */

const tables = (db: Knex) =>
  db('information_schema.tables')
    .where({ table_schema: 'public' })
    .whereLike('table_name', 'projection_%')
    .orderBy('table_name')
    .pluck('table_name');

/** What migrate applies, then one line per projection whose tables it created. */
const FIRST_RUN = [
  'applied 0001_projection_bookkeeping',
  'applied 0002_generations_and_failures',
  'applied 0003_relay_and_in_process_bus',
  'applied 0004_process_managers',
  'applied 0005_coordination_leases',
  'applied 0006_projection_refusals',
  ...allProjections.map((p) => `created the tables of projection ${p.name}`),
];

const logicalTables = allProjections.flatMap((p) => Object.keys(p.tables)).sort();

/**
 * Every projection's tables: a view with the logical name over generation 1's table, each
 * projection at generation 1 with nothing applied yet.
 */
async function expectProjectionTables(db: Knex): Promise<void> {
  expect(await tables(db)).toEqual([
    'projection_checkpoints',
    'projection_dead_letters',
    'projection_refusals',
  ]);
  const views = (await db('information_schema.views')
    .where({ table_schema: 'public' })
    .orderBy('table_name')
    .pluck('table_name')) as string[];
  expect(views).toEqual(logicalTables);
  const physical = (await db('information_schema.tables')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereIn(
      'table_name',
      logicalTables.map((t) => `${t}__g1`),
    )
    .pluck('table_name')) as string[];
  expect(physical.sort()).toEqual(logicalTables.map((t) => `${t}__g1`).sort());
  const checkpoints = (await db('projection_checkpoints')
    .orderBy('name')
    .select('name', 'generation', 'position', 'status')) as unknown[];
  expect(checkpoints).toEqual(
    allProjections
      .map((p) => ({ name: p.name, generation: 1, position: null, status: 'new' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
}

describe('shopstream migrate', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase('cli_migrate');
    dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-migrate-'));
  });
  afterAll(async () => {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("applies the schema and creates every projection's tables in DATABASE_URL, then finds it up to date", async () => {
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    expect(await migrate(env)).toEqual(FIRST_RUN);
    expect(await migrate(env)).toEqual(['schema up to date']);
    const db = await openReadModelDb({ kind: 'postgres', url: database.url });
    try {
      await expectProjectionTables(db);
    } finally {
      await db.destroy();
    }
  });

  it('applies the schema to the embedded database in DATA_DIR, twice without change', async () => {
    const first = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(first).toEqual({
      code: 0,
      stdout: FIRST_RUN.map((line) => `${line}\n`).join(''),
      stderr: '',
    });
    const second = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(second).toEqual({ code: 0, stdout: 'schema up to date\n', stderr: '' });

    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    const db = await openReadModelDb({ kind: 'pglite', dataDir }, { pglite });
    try {
      await expectProjectionTables(db);
    } finally {
      await db.destroy();
      await pglite.close();
    }
  });

  it('stops with one line naming DATABASE_URL when the server cannot be reached', async () => {
    const result = await runCli(['migrate'], {
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^shopstream: DATABASE_URL: cannot open the read-model database: /),
    ]);
    expect(result.stderr).not.toContain('secret');
    await expect(
      migrate({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: dataDir }),
    ).rejects.toThrow(ConfigError);
  });

  it('is registered in the program with --help', () => {
    const command = buildProgram().commands.find((c) => c.name() === 'migrate')!;
    expect(command.helpInformation()).toContain('read-model schema');
  });
});

describe('the read-model migrations', () => {
  it('undo and redo cleanly (every down() is real)', async () => {
    const database = await createTestDatabase('migrations_down');
    const db = await openReadModelDb({ kind: 'postgres', url: database.url });
    try {
      await migrateToLatest(db, readModelMigrations);
      expect(await rollbackMigrations(db, readModelMigrations, true)).toEqual([
        '0006_projection_refusals',
        '0005_coordination_leases',
        '0004_process_managers',
        '0003_relay_and_in_process_bus',
        '0002_generations_and_failures',
        '0001_projection_bookkeeping',
      ]);
      expect(await tables(db)).toEqual([]);
      expect(await migrateToLatest(db, readModelMigrations)).toEqual([
        '0001_projection_bookkeeping',
        '0002_generations_and_failures',
        '0003_relay_and_in_process_bus',
        '0004_process_managers',
        '0005_coordination_leases',
        '0006_projection_refusals',
      ]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });

  it('refuse a list whose names do not sort in apply order', async () => {
    const noop = async () => undefined;
    const database = await createTestDatabase('migrations_order');
    const db = await openReadModelDb({ kind: 'postgres', url: database.url });
    try {
      await expect(
        migrateToLatest(db, [
          { name: '0002_b', up: noop, down: noop },
          { name: '0001_a', up: noop, down: noop },
        ]),
      ).rejects.toThrow('out of order');
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
