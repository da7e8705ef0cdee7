import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config-error';

/**
 * Refuses a secrets directory other users can get into, as ssh refuses a private key whose
 * permissions are too open: a signing key that others can read signs their tokens too. Checks
 * the directory and every file in it, and names the chmod that fixes the first one found.
 * Missing is fine (the loader creates it, private); Windows has no such mode bits.
 */
export async function assertSecretsArePrivate(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const mode = await modeOf(directory);
  if (mode === undefined) return;
  refuseIfOpen(directory, mode, '700');
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(directory, entry.name);
    const fileMode = await modeOf(file);
    if (fileMode !== undefined) refuseIfOpen(file, fileMode, '600');
  }
}

/** Any bit for group or others counts, as for ssh: even execute on the directory lets them in. */
function refuseIfOpen(target: string, mode: number, privateMode: string): void {
  if ((mode & 0o077) === 0) return;
  const shown = (mode & 0o777).toString(8).padStart(4, '0');
  throw new ConfigError(
    'DATA_DIR',
    `permissions ${shown} for ${target} are too open: other users could read the secrets; run chmod ${privateMode} ${target}`,
  );
}

async function modeOf(target: string): Promise<number | undefined> {
  try {
    return (await stat(target)).mode;
  } catch (error) {
    // Gone between the listing and the stat (a racing starter's temp file): nothing to check.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
