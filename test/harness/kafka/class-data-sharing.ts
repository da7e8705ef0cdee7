import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ClassDataSharing {
  /** Flags for short JVM runs (the storage tool): use the archive when there is one. */
  readonly readFlags: string[];
  /** Flags for the broker: use the archive, or write one when the broker exits. */
  readonly brokerFlags: string[];
  /** True when this run's broker writes the archive (it must then exit cleanly, on SIGTERM). */
  readonly dumping: boolean;
  /** Publishes the archive this run wrote, if any. */
  keep(): void;
}

const STALE_MS = 10 * 60_000;

/**
 * AppCDS roughly halves the broker's start (JVM class loading dominates it). The archive is only
 * valid for one JVM build and one classpath, so both are in its name; the first run writes it.
 */
export function classDataSharing(home: string, java: string, classpath: string): ClassDataSharing {
  const jvm = realpathSync(java);
  const key = createHash('sha256')
    .update(`${jvm}\n${statSync(jvm).mtimeMs}\n${classpath}`)
    .digest('hex')
    .slice(0, 16);
  const archive = join(home, `cds-${key}.jsa`);
  if (existsSync(archive)) {
    const flags = [`-XX:SharedArchiveFile=${archive}`];
    return { readFlags: flags, brokerFlags: flags, dumping: false, keep: () => undefined };
  }
  removeAbandonedDumps(home);
  // Concurrent first runs each write their own file; the last rename wins, all are valid.
  const partial = `${archive}.${process.pid}.tmp`;
  return {
    readFlags: [],
    brokerFlags: [`-XX:ArchiveClassesAtExit=${partial}`],
    dumping: true,
    keep() {
      if (existsSync(partial)) renameSync(partial, archive);
    },
  };
}

function removeAbandonedDumps(home: string): void {
  for (const file of readdirSync(home).filter((name) => /^cds-.*\.tmp$/.test(name))) {
    const path = join(home, file);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    } catch {
      /* another run removed or renamed it */
    }
  }
}
