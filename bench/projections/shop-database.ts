import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { canQuery, clusterUser, postgresBinDir } from '../../test/harness/local/postgres';
import { freePort } from '../../test/harness/runtime/net';
import { execute, type ServiceProcess, spawnService } from '../../test/harness/runtime/processes';
import { finishRun } from '../../test/harness/runtime/cleanup';
import { retryOnPortClash, waitFor } from '../../test/harness/runtime/wait';
import {
  describeServer,
  DURABLE_SETTINGS,
  openBenchServer,
  PROFILE_SETTINGS,
  withClient,
} from '../support/postgres-server';
import { type GeneratedStore, log } from './generate';

/**
 * Where the measured store lives. With DATABASE_URL: a fresh database on that server, generated
 * every run and dropped afterwards. Without it: a private PostgreSQL cluster whose data
 * directory is kept in a cache outside the repository (SHOPSTREAM_BENCH_CACHE, default
 * <tmpdir>/shopstream-bench-cache/projections/<events>-g<generator version>/; outside, so that
 * lint and git never see gigabytes of data files), so the minutes of generating a large store
 * are paid once. Each run measures a copy of the generated
 * database (CREATE DATABASE ... TEMPLATE, a file copy), so every run starts from the same state:
 * the events, and no read-model tables yet.
 *
 * The cluster runs with PostgreSQL's durable defaults (fsync, synchronous_commit and
 * full_page_writes on), as the other benchmarks' private cluster (bench/support/postgres-server)
 * does, with the test harness's other settings (shared_buffers 128MB, jit off).
 */
export type ShopDatabase = Readonly<{
  source: 'DATABASE_URL' | 'private cluster (cached store)' | 'private cluster (generated now)';
  /** The database to measure: the generated events, nothing else. */
  url: string;
  generated: GeneratedStore;
  describe(): Promise<Record<string, string>>;
  close(): Promise<void>;
}>;

export type ShopDatabaseOptions = Readonly<{
  events: number;
  generatorVersion: number;
  profile: boolean;
  /** Ignore (and replace) a cached store. */
  fresh: boolean;
  generate(url: string): Promise<GeneratedStore>;
}>;

const CACHE_ROOT =
  process.env.SHOPSTREAM_BENCH_CACHE ?? path.join(os.tmpdir(), 'shopstream-bench-cache');
const TEMPLATE = 'shop';
const RUN_PREFIX = 'measured_';

/** The other benchmarks' durable settings, with room for the rebuild's connections. */
const SETTINGS = {
  ...DURABLE_SETTINGS,
  max_connections: '300',
  shared_buffers: '128MB',
  jit: 'off',
  log_min_messages: 'warning',
};

export async function openShopDatabase(options: ShopDatabaseOptions): Promise<ShopDatabase> {
  return process.env.DATABASE_URL ? onServer(options) : cachedCluster(options);
}

/** DATABASE_URL: no cache, since a database copied from elsewhere would carry foreign xids. */
async function onServer(options: ShopDatabaseOptions): Promise<ShopDatabase> {
  const server = await openBenchServer({ profile: options.profile });
  const database = await server.createDatabase('projections');
  try {
    const generated = await options.generate(database.url);
    await afterGenerating(database.url);
    return {
      source: 'DATABASE_URL',
      url: database.url,
      generated,
      describe: () => server.describe(),
      async close() {
        await database.drop();
        await server.stop();
      },
    };
  } catch (error) {
    await database.drop().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

async function cachedCluster(options: ShopDatabaseOptions): Promise<ShopDatabase> {
  const dir = path.join(
    CACHE_ROOT,
    'projections',
    `${options.events}-g${options.generatorVersion}`,
  );
  const summaryFile = path.join(dir, 'store.json');
  const cached = !options.fresh && existsSync(summaryFile);
  if (!cached) {
    rmSync(dir, { recursive: true, force: true });
    await initCluster(dir);
  }
  const cluster = await startCluster(dir, options.profile);
  try {
    let generated: GeneratedStore;
    if (cached) {
      generated = JSON.parse(readFileSync(summaryFile, 'utf8')) as GeneratedStore;
      log(`using the store cached in ${dir}`);
    } else {
      await withClient(cluster.url, (c) => c.query(`CREATE DATABASE ${TEMPLATE}`));
      generated = await options.generate(databaseUrl(cluster.url, TEMPLATE));
      await afterGenerating(databaseUrl(cluster.url, TEMPLATE));
      // Written last: a store without it is incomplete and generated again next time.
      await writeFile(summaryFile, `${JSON.stringify(generated, null, 2)}\n`);
    }
    const name = `${RUN_PREFIX}${randomBytes(4).toString('hex')}`;
    await withClient(cluster.url, async (c) => {
      // Left by a run that was killed: nothing else uses this cluster.
      const { rows } = await c.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${RUN_PREFIX}%`],
      );
      for (const { datname } of rows) await c.query(`DROP DATABASE ${datname} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE} STRATEGY FILE_COPY`);
    });
    const url = databaseUrl(cluster.url, name);
    return {
      source: cached ? 'private cluster (cached store)' : 'private cluster (generated now)',
      url,
      generated,
      describe: () => describeServer(cluster.url),
      async close() {
        await withClient(cluster.url, (c) =>
          c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        );
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Durable on disk and with fresh statistics, as a store that has been running for a while. */
async function afterGenerating(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('VACUUM (ANALYZE)');
    await c.query('CHECKPOINT').catch(() => undefined);
  });
}

type Cluster = { url: string; stop(): Promise<void> };

async function initCluster(dir: string): Promise<void> {
  const user = clusterUser();
  // Traversable by the postgres user, who owns the cluster's own directory.
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  mkdirSync(dir);
  if (user) chownSync(dir, user.uid, user.gid);
  await execute(
    path.join(postgresBinDir(), 'initdb'),
    [
      '-D',
      path.join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--encoding=UTF8',
      '--no-locale',
    ],
    { user },
  );
}

async function startCluster(dir: string, profile: boolean): Promise<Cluster> {
  const user = clusterUser();
  const data = path.join(dir, 'data');
  const settings = { ...SETTINGS, ...(profile ? PROFILE_SETTINGS : {}) };
  const { server, port } = await retryOnPortClash(async () => {
    const port = await freePort();
    const server = spawnService({
      name: 'postgres',
      command: path.join(postgresBinDir(), 'postgres'),
      args: [
        '-D',
        data,
        '-k',
        dir,
        ...Object.entries({
          ...settings,
          port: String(port),
          listen_addresses: '127.0.0.1',
        }).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      logFile: path.join(dir, 'postgres.log'),
      user,
      // If the benchmark dies: stop at once; the next start recovers from the WAL.
      emergencySignal: 'SIGQUIT',
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    try {
      // Recovery after an interrupted run can take a while on a large store.
      await waitFor('postgres', () => canQuery(url), { timeoutMs: 120_000, process: server });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return { server, port };
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => stopCluster(server),
  };
}

/** A fast shutdown (SIGINT): clients are disconnected, a checkpoint is written, no recovery next time. */
async function stopCluster(server: ServiceProcess): Promise<void> {
  await server.stop('SIGINT', 120_000);
  finishRun();
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
