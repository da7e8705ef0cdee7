import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type PGlite } from '@electric-sql/pglite';
import { createEmbeddedCluster } from './embedded-cluster';
import { lockDataDir } from './data-dir-lock';
import { servingRequestsFirst } from './requests-first';

/**
 * The embedded PostgreSQL (PGlite) under DATA_DIR/pglite. PGlite is one connection inside one
 * process, so a process opens it once and shares the instance between the event store and the
 * read models; the DATA_DIR lock keeps a second process out (ConfigError naming DATA_DIR).
 * Requests go first on that one connection; the workers' queries wait their turn
 * (requests-first.ts).
 */
export type EmbeddedDatabase = Readonly<{
  pglite: PGlite;
  /** Closes PGlite, then frees DATA_DIR for the next process. Safe to call twice. */
  close(): Promise<void>;
}>;

export type EmbeddedDatabaseOptions = Readonly<{
  /** How PGlite is started; tests pass the build they can load under jest. */
  create?: (dir: string) => Promise<PGlite>;
}>;

export async function openEmbeddedDatabase(
  dataDir: string,
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = servingRequestsFirst(await (options.create ?? createEmbeddedCluster)(dir));
  } catch (error) {
    await lock.release();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    pglite,
    close: () =>
      (closing ??= (async () => {
        try {
          await pglite.close();
        } finally {
          await lock.release();
        }
      })()),
  };
}
