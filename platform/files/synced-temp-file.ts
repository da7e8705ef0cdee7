import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * Writes `content` to a new temp file beside `file` and flushes it to disk before returning
 * the temp file's path. The caller publishes it with rename or link: a crash then leaves either
 * no file or the whole new one, never a torn one. Temp names end in `.tmp`, so leftovers of a
 * write that died half-way can be found and cleared.
 */
export async function writeSyncedTempFile(
  file: string,
  content: string | Buffer,
  mode = 0o666,
): Promise<string> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}
