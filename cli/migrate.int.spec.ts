import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Knex } from 'knex';
import { PGlite } from '../platform/event-store/test-support/load-pglite';
import { ConfigError } from '../platform/config/config-error';
import { rollbackMigrations, migrateToLatest } from '../platform/read-model-db/migrations';
import { openReadModelDb } from '../platform/read-model-db/open-read-model-db';
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

  it('applies the schema to DATABASE_URL, then finds it up to date', async () => {
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    expect(await migrate(env)).toEqual(['applied 0001_projection_bookkeeping']);
    expect(await migrate(env)).toEqual(['schema up to date']);
    const db = await openReadModelDb({ kind: 'postgres', url: database.url });
    try {
      expect(await tables(db)).toEqual(['projection_checkpoints', 'projection_dead_letters']);
    } finally {
      await db.destroy();
    }
  });

  it('applies the schema to the embedded database in DATA_DIR, twice without change', async () => {
    const first = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(first).toEqual({ code: 0, stdout: 'applied 0001_projection_bookkeeping\n', stderr: '' });
    const second = await runCli(['migrate'], { DATA_DIR: dataDir });
    expect(second).toEqual({ code: 0, stdout: 'schema up to date\n', stderr: '' });

    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    const db = await openReadModelDb({ kind: 'pglite', dataDir }, { pglite });
    try {
      expect(await tables(db)).toEqual(['projection_checkpoints', 'projection_dead_letters']);
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
        '0001_projection_bookkeeping',
      ]);
      expect(await tables(db)).toEqual([]);
      expect(await migrateToLatest(db, readModelMigrations)).toEqual([
        '0001_projection_bookkeeping',
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
