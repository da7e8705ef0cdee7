import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's buffer pool inside the embedded database. PGlite starts with PostgreSQL's 128 MB,
 * which it touches as it starts: most of a fresh `npm start`'s resident memory. The embedded
 * default holds a demo or a developer's shop, whose hot pages fit in far less, and pages outside
 * the pool are still one read from the operating system's file cache away.
 */
export const EMBEDDED_SHARED_BUFFERS = '32MB';

/** PGlite's own start parameters, with the smaller buffer pool. */
export function embeddedStartParams(): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];
}

/**
 * Opens the embedded cluster in `dir`. A fresh directory is first initialized (initdb) in a
 * short-lived child process: initdb's WebAssembly instance leaves several hundred megabytes
 * resident in whichever process runs it, for good, so it must not be the one that goes on to
 * serve. Only the first start pays (a second or two).
 */
export async function createEmbeddedCluster(dir: string): Promise<PGlite> {
  if (!(await isInitialized(dir))) await initializeInChildProcess(dir);
  return PGlite.create(dir, { startParams: embeddedStartParams() });
}

export async function isInitialized(dir: string): Promise<boolean> {
  return access(path.join(dir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

const INITIALIZE = `
const [entry, dir, params] = process.argv.slice(1);
require(entry)
  .PGlite.create(dir, { startParams: JSON.parse(params) })
  .then((db) => db.close())
  .then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(String(error && error.message ? error.message : error));
      process.exit(1);
    },
  );
`;

/** initdb in a child Node process (the same PGlite build, resolved here); throws its error. */
export async function initializeInChildProcess(dir: string): Promise<void> {
  const entry = require.resolve('@electric-sql/pglite');
  try {
    await promisify(execFile)(
      process.execPath,
      ['-e', INITIALIZE, entry, dir, JSON.stringify(embeddedStartParams())],
      { env: process.env },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`cannot create the embedded database in ${dir}: ${stderr || String(error)}`);
  }
}
