import { link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeSyncedTempFile } from '../files/synced-temp-file';

/**
 * Writes `content` to `file` (mode 0600, in a directory created 0700) unless the file exists;
 * true when this call created it. The content goes to a temp file first, then is hard-linked
 * into place. Unlike rename, link never replaces an existing file: when two processes race,
 * exactly one link wins and both go on to read the winner's content.
 */
export async function createPrivateFileOnce(file: string, content: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = await writeSyncedTempFile(file, content, 0o600);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
