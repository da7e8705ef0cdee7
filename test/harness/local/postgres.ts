import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../runtime/net';
import { commandPath, execute, spawnService } from '../runtime/processes';
import { retryOnPortClash, waitFor } from '../runtime/wait';
import { type RunningService } from '../service';

const INSTALL_HINT = 'install PostgreSQL (scripts/install-test-services.sh) or set DATABASE_URL';

/** Settings for a throwaway cluster: durability off, enough connections for parallel workers. */
const SERVER_SETTINGS = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_connections: '300',
  shared_buffers: '128MB',
  jit: 'off',
  log_min_messages: 'warning',
};

/**
 * A private Postgres cluster in `parentDir`, run as the postgres user when we are root. `settings`
 * override the throwaway defaults above (the benchmarks ask for durable commits).
 */
export async function startLocalPostgres(
  parentDir: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<RunningService> {
  const bin = postgresBinDir();
  const user = clusterUser();
  const dir = join(parentDir, 'postgres');
  const data = join(dir, 'data');
  mkdirSync(dir);
  if (user) chownSync(dir, user.uid, user.gid);

  await execute(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--no-locale'],
    { user },
  );

  const { server, port } = await retryOnPortClash(async () => {
    const port = await freePort();
    const serverSettings = {
      ...SERVER_SETTINGS,
      ...settings,
      port: String(port),
      listen_addresses: '127.0.0.1',
    };
    const server = spawnService({
      name: 'postgres',
      command: join(bin, 'postgres'),
      args: [
        '-D',
        data,
        '-k',
        dir,
        ...Object.entries(serverSettings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      logFile: join(dir, `postgres-${port}.log`),
      user,
      // Immediate shutdown: the postmaster stops its backends and releases shared memory.
      emergencySignal: 'SIGQUIT',
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    try {
      await waitFor('postgres', () => canQuery(url), { timeoutMs: 30_000, process: server });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { server, port };
  });

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    name: 'postgres',
    source: 'local',
    env: { DATABASE_URL: url },
    detail: `PostgreSQL ${bin.match(/postgresql\/(\d+)/)?.[1] ?? ''}`.trim(),
    async stop() {
      await execute(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], {
        user,
        timeoutMs: 15_000,
      }).catch(() => undefined);
      await server.stop('SIGKILL', 1000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function canQuery(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The newest installed server's bin directory (Debian layout), or the one on PATH. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0], 'bin');
  }
  const initdb = commandPath('initdb');
  if (initdb) return initdb.replace(/\/initdb$/, '');
  throw new Error(`postgres: no initdb found; ${INSTALL_HINT}`);
}

/** Postgres refuses to run as root: who runs a cluster (the postgres user when we are root). */
export function clusterUser(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? postgresUser() : undefined;
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
    );
    return { uid, gid };
  } catch {
    throw new Error(`postgres: running as root but there is no 'postgres' user; ${INSTALL_HINT}`);
  }
}
