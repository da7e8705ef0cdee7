import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { openEmbeddedDatabase } from '../../platform/embedded/embedded-database';
import { PGlite } from '../../platform/event-store/test-support/load-pglite';
import { pgliteKnexClient } from '../../platform/read-model-db/pglite-knex-client';
import { allProjections } from '../../projections';
import { readCheckpoints } from '../../projections/runtime/checkpoints';
import { strayGenerations } from '../../projections/runtime/tables';
import { eventually, expectStatus, logIn } from '../saga/shop-client.testing';
import { runCli } from './run-cli.testing';
import { type RunningStart, runningStartOnHistory, spawnCli } from './running-start.testing';

/**
 * What goes wrong between the CLI and a running `shopstream start`, each said in one line: the
 * CLI going away mid-rebuild, the process dying mid-command, a process holding DATA_DIR that
 * does not answer, and a socket file left behind by a killed process.
 */
describe('the CLI through a running shopstream start, when something goes wrong', () => {
  let shop: RunningStart;
  beforeAll(async () => {
    shop = await runningStartOnHistory({ users: 12, products: 8, orders: 40 });
  }, 300_000);
  afterAll(() => shop?.close());

  const rebuildingNow = async (token: string) => {
    const states = expectStatus(await shop.apis.read('GET', '/projections', { token }), 200)
      .body as { status: string }[];
    return states.some((state) => state.status === 'rebuilding');
  };

  it('abandons a rebuild whose CLI went away (Ctrl-C), keeps serving, and leaves no half-built tables', async () => {
    const admin = await logIn(shop.apis, shop.admin.email, shop.admin.password);
    const cli = await spawnCli(['projections', 'rebuild', 'all'], shop.env);
    await cli.firstStderr;
    // Held still while the CLI goes, so the rebuild is mid-way when the process hears of it.
    process.kill(shop.process().pid, 'SIGSTOP');
    process.kill(cli.pid, 'SIGINT');
    const interrupted = await cli.result;
    process.kill(shop.process().pid, 'SIGCONT');
    expect(interrupted.code).not.toBe(0);

    await eventually('the abandoned rebuild to clear', async () => !(await rebuildingNow(admin)));
    expectStatus(await shop.apis.read('GET', '/products', {}), 200);
    expect(shop.process().hasExited()).toBe(false);

    expect(await shop.process().stop('SIGTERM')).toBe(0);
    expect(existsSync(path.join(shop.dataDir, 'control.sock'))).toBe(false);
    const embedded = await openEmbeddedDatabase(shop.dataDir, {
      create: (dir) => PGlite.create(dir),
    });
    const db = knex({ client: pgliteKnexClient(embedded.pglite, embedded.close) });
    try {
      for (const checkpoint of await readCheckpoints(db)) {
        const projection = allProjections.find((p) => p.name === checkpoint.name)!;
        expect({ name: checkpoint.name, rebuilding: checkpoint.rebuildGeneration }).toEqual({
          name: checkpoint.name,
          rebuilding: null,
        });
        expect(await strayGenerations(db, projection, [checkpoint.generation])).toEqual([]);
      }
    } finally {
      await db.destroy();
    }
    await shop.start();
  });

  it('says in one line that the process it went through died mid-command, and fails', async () => {
    const cli = await spawnCli(['projections', 'rebuild', 'all'], shop.env);
    await cli.firstStderr;
    const pid = shop.process().pid;
    process.kill(pid, 'SIGSTOP'); // mid-rebuild from here on, then killed
    await shop.process().stop('SIGKILL');
    const result = await cli.result;
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `shopstream: process ${pid} stopped before the command finished`,
    );
  });

  it('works around the socket a killed start left behind, and replaces it at the next start', async () => {
    expect(existsSync(path.join(shop.dataDir, 'control.sock'))).toBe(true);
    // Nothing holds DATA_DIR: the CLI opens it itself.
    const offline = await shop.cli(['process-managers', 'list']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^MANAGER +LAG/);

    await shop.start();
    const through = await shop.cli(['process-managers', 'list']);
    expect(through).toMatchObject({ code: 0, stderr: '' });
    expect(through.stdout).toMatch(/^MANAGER +LAG/);
    expect(shop.process().hasExited()).toBe(false);
  });

  it('names the process that holds DATA_DIR but does not answer, in one line', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-ctl-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(path.join(dataDir, 'owner.pid'), `${holder.pid}\n`);
      const result = await runCli(['projections', 'list'], { DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `shopstream: DATA_DIR: process ${holder.pid} holds the embedded database in ${dataDir} ` +
          `but does not answer on ${path.join(dataDir, 'control.sock')} (still starting, stuck, ` +
          'or a shopstream without a control socket); retry, or stop it\n',
      );
    } finally {
      holder.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('says so in one line when DATA_DIR is too long for its control socket', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'shopstream-ctl-'));
    const dataDir = path.join(base, 'd'.repeat(110 - base.length));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'owner.pid'), `${holder.pid}\n`);
      const result = await runCli(['projections', 'list'], { DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')).toEqual([
        `shopstream: DATA_DIR: process ${holder.pid} holds the embedded database in ${dataDir}, ` +
          `and its control socket path is too long to use (${path.join(dataDir, 'control.sock')}); ` +
          'stop it to run this command, or give it a shorter DATA_DIR',
        '',
      ]);
    } finally {
      holder.kill('SIGKILL');
      await rm(base, { recursive: true, force: true });
    }
  });
});
