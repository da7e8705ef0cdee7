import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serveRpc } from '../support/child-rpc';

/**
 * Reads the embedded database once `shopstream start` has stopped: PGlite is one connection in
 * one process, so the trail of each order (timeline-sql.ts) is queried from a process of its own
 * opened on the same DATA_DIR, after the fact.
 */
export type TimelineCommand =
  { kind: 'query'; dataDir: string; sql: string; params: unknown[] } | { kind: 'close' };

let db: PGlite | undefined;

serveRpc<TimelineCommand>(async (command) => {
  if (command.kind === 'close') {
    await db?.close();
    return null;
  }
  db ??= await PGlite.create(path.join(command.dataDir, 'pglite'));
  const result = await db.query(command.sql, command.params);
  return result.rows;
});
