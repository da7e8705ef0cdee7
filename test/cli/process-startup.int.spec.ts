import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { services } from '../harness';
import { freePort } from '../harness/runtime/net';
import { runCli } from './run-cli.testing';
import { compiledCli } from './compiled-cli.testing';

/**
 * The processes as an operator starts them: a bad configuration value or a port in use stops the
 * process with one line naming the variable and a non-zero exit code.
 */
const root = path.resolve(__dirname, '../..');

describe('shopstream write-api start-up failures', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-cli-'));
  let blocker: Server;
  let busyPort: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => blocker.close(resolve)));

  it.each([
    [{ WRITE_API_PORT: 'abc' }, 'shopstream: WRITE_API_PORT: must be a TCP port'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'shopstream: DATABASE_URL: must use postgres://'],
    [{ REDIS_URL: 'redis://127.0.0.1:1' }, 'shopstream: REDIS_URL: cannot reach redis'],
    [
      { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
      'shopstream: DATABASE_URL: cannot open the event store',
    ],
  ])('stops on %j with one line naming the variable', async (env, expected) => {
    const result = await runCli(['write-api'], { DATA_DIR: dataDir, ...env });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(expected)).toBe(true);
    expect(result.stderr).not.toContain('secret');
  });

  it('stops when its port is in use, naming WRITE_API_PORT', async () => {
    const result = await runCli(['write-api'], {
      DATA_DIR: dataDir,
      DATABASE_URL: services().databaseUrl,
      WRITE_API_PORT: String(busyPort),
      LOG_LEVEL: 'silent',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      `shopstream: WRITE_API_PORT: port ${busyPort} is already in use`,
    );
  });
});

describe('the embedded database while a process holds it', () => {
  it('refuses a second process on the same DATA_DIR with one line instead of corrupting it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shopstream-held-'));
    const port = await freePort();
    const holder = spawn(process.execPath, await compiledCli(['write-api']), {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, WRITE_API_PORT: String(port) },
    });
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        holder.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('write API listening')) resolve();
        });
        void exited.then((code) => reject(new Error(`holder exited early (${code}): ${out}`)));
      });
      const second = await runCli(
        ['users', 'create-admin', '--email', 'root@example.com', '--password', 'passw0rd1'],
        { DATA_DIR: dataDir },
      );
      expect(second.code).not.toBe(0);
      // A write API alone takes no commands (only `start` has the control socket): one line.
      expect(second.stderr.trim()).toMatch(
        new RegExp(
          `^shopstream: DATA_DIR: process ${holder.pid} holds the embedded database in .* but ` +
            'does not answer on .*control.sock [^\n]*$',
        ),
      );
    } finally {
      holder.kill('SIGTERM');
      await exited;
    }
  });
});
