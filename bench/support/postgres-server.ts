import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startLocalPostgres } from '../../test/harness/local/postgres';
import { finishRun, runDir } from '../../test/harness/runtime/cleanup';

/**
 * The PostgreSQL server a benchmark runs against: DATABASE_URL when set, else a private cluster
 * (the test harness's) with PostgreSQL's own durable defaults, which the harness turns off for
 * speed. Numbers measured without fsync say nothing about production commits.
 */
export const DURABLE_SETTINGS = {
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
  wal_level: 'replica',
  max_wal_senders: '10',
};

export const PROFILE_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
};

/** Reported with every result: the settings that decide what a commit costs. */
const REPORTED_SETTINGS = [
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_level',
  'shared_buffers',
  'max_wal_size',
  'jit',
];

export type BenchDatabase = Readonly<{
  name: string;
  url: string;
  drop(): Promise<void>;
}>;

export type BenchServer = Readonly<{
  source: 'DATABASE_URL' | 'private cluster';
  url: string;
  /** A fresh, empty database on this server. */
  createDatabase(label: string): Promise<BenchDatabase>;
  /** Server version and the durability settings in effect, as `pg <setting>` entries. */
  describe(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}>;

export async function openBenchServer(options: { profile: boolean }): Promise<BenchServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return server(fromEnv, 'DATABASE_URL', () => Promise.resolve());
  const settings = { ...DURABLE_SETTINGS, ...(options.profile ? PROFILE_SETTINGS : {}) };
  const local = await startLocalPostgres(runDir(), settings);
  return server(local.env.DATABASE_URL, 'private cluster', async () => {
    await local.stop();
    finishRun();
  });
}

function server(
  url: string,
  source: BenchServer['source'],
  stop: () => Promise<void>,
): BenchServer {
  return {
    source,
    url,
    async createDatabase(label) {
      const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
      await withClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
      const target = new URL(url);
      target.pathname = `/${name}`;
      return {
        name,
        url: target.toString(),
        drop: () =>
          withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
            () => undefined,
          ),
      };
    },
    describe: () => describeServer(url),
    stop,
  };
}

/** Server version and the durability settings in effect, as `pg <setting>` entries. */
export function describeServer(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string; value: string }>(
      'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name',
      [['server_version', ...REPORTED_SETTINGS]],
    );
    return Object.fromEntries(rows.map((r) => [`pg ${r.name}`, r.value]));
  });
}

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'shopstream-bench-admin' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
