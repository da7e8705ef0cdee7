import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config-error';

/**
 * The embedded database (PGlite) is a set of files that exactly one process may have open: a
 * second process opening the same directory would corrupt it. This lock file holds the owner's
 * pid; a second opener is refused with one line, and a lock left by a dead process is taken over.
 */
export type DataDirLock = Readonly<{ path: string; release(): Promise<void> }>;

/** Locks this process holds: a file naming our own pid is ours only if it is in here (a
 * container restarts with the same pid, and then the file is a previous life's). */
const heldHere = new Set<string>();

export async function lockDataDir(
  dir: string,
  purpose = 'the embedded database',
): Promise<DataDirLock> {
  const lockPath = path.join(dir, 'owner.pid');
  if (heldHere.has(lockPath)) {
    throw new ConfigError('DATA_DIR', `${purpose} in ${dir} is already open in this process`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(lockPath);
      return { path: lockPath, release: () => releaseIfOurs(lockPath) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await liveOwner(lockPath);
    if (owner !== undefined) {
      throw new ConfigError(
        'DATA_DIR',
        `${purpose} in ${dir} is in use by process ${owner} (a running shopstream?); ` +
          'stop it, or point DATA_DIR elsewhere',
      );
    }
    // Left behind by a process that no longer runs (or unreadable): take it over.
    await rm(lockPath, { force: true });
  }
  throw new ConfigError(
    'DATA_DIR',
    `cannot lock ${purpose} in ${dir}: its lock file keeps changing`,
  );
}

/**
 * The pid of the other live process that holds DATA_DIR, if one does: the CLI then works
 * through that process rather than opening the directory itself.
 */
export function dataDirOwner(dir: string): Promise<number | undefined> {
  return liveOwner(path.join(dir, 'owner.pid'));
}

async function liveOwner(lockPath: string): Promise<number | undefined> {
  const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  const alive = Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner);
  return alive ? owner : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseIfOurs(lockPath: string): Promise<void> {
  if (!heldHere.delete(lockPath)) return;
  const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  if (owner === process.pid) await rm(lockPath, { force: true });
}
