import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { lockDataDir } from './data-dir-lock';

describe('the embedded data directory lock', () => {
  const fresh = () => mkdtempSync(path.join(tmpdir(), 'shopstream-lock-'));

  it('refuses a second holder in this process, and frees the directory on release', async () => {
    const dir = fresh();
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(ConfigError);
    await lock.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it('refuses while another live process holds it, naming DATA_DIR and the pid', async () => {
    const dir = fresh();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, 'owner.pid'), `${other.pid}\n`);
      const error = await lockDataDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(
        new RegExp(`^DATA_DIR: the embedded database in .* is in use by process ${other.pid}`),
      );
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = fresh();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(path.join(dir, 'owner.pid'), `${dead.pid}\n`);
    const lock = await lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'owner.pid'), 'utf8').trim()).toBe(String(process.pid));
    await lock.release();
  });

  it('takes over a file naming our own pid from a previous life (a restarted container)', async () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'owner.pid'), `${process.pid}\n`);
    const lock = await lockDataDir(dir);
    await lock.release();
  });
});
