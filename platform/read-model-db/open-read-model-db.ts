import { type PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import { types as pgTypes } from 'pg';
import { type DatabaseConfig } from '../config/config';
import { ConfigError } from '../config/config-error';
import { redact } from '../config/parse';
import { openEmbeddedDatabase } from '../embedded/embedded-database';
import { pgliteKnexClient } from './pglite-knex-client';

export type ReadModelDbOptions = Readonly<{
  /** The process's embedded database, shared with the event store; opened here if absent. */
  pglite?: PGlite;
  /** Connections to a Postgres server (default READ_MODEL_POOL_SIZE). */
  poolSize?: number;
  /** Shown in pg_stat_activity, so operators can tell the read models' connections apart. */
  applicationName?: string;
}>;

/** Connections a process keeps to the read-model Postgres unless told otherwise. */
export const READ_MODEL_POOL_SIZE = 10;

const INT8 = 20;
/** pg's parsers are process-wide and other libraries change them: pin int8 as text. */
const READ_MODEL_TYPES = {
  getTypeParser: (oid: number, format?: string) =>
    oid === INT8
      ? (value: string) => value
      : pgTypes.getTypeParser(oid, format as 'text' | 'binary' | undefined),
};

/**
 * A knex instance over the read-model database the configuration names: Postgres at
 * DATABASE_URL, else the embedded PGlite under DATA_DIR. The same knex code runs on both.
 * It answers one query before returning: a database that cannot be reached at start is a
 * ConfigError naming its variable. knex.destroy() closes what this function opened.
 */
export async function openReadModelDb(
  config: DatabaseConfig,
  options: ReadModelDbOptions = {},
): Promise<Knex> {
  const db =
    config.kind === 'postgres'
      ? postgres(config.url, options)
      : await embedded(config.dataDir, options);
  try {
    await db.raw('select 1');
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const variable = config.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR';
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(variable, `cannot open the read-model database: ${redact(reason)}`);
  }
  return db;
}

function postgres(url: string, options: ReadModelDbOptions): Knex {
  return knex({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: options.applicationName ?? 'shopstream-read-models',
      connectionTimeoutMillis: 10_000,
      types: READ_MODEL_TYPES,
    },
    pool: { min: 0, max: options.poolSize ?? READ_MODEL_POOL_SIZE },
    acquireConnectionTimeout: 15_000,
    log: KNEX_LOG,
  });
}

async function embedded(dataDir: string, options: ReadModelDbOptions): Promise<Knex> {
  if (options.pglite) return knex({ client: pgliteKnexClient(options.pglite), log: KNEX_LOG });
  // Opened here, so closed by knex.destroy(), after knex has let go of its connection.
  const owned = await openEmbeddedDatabase(dataDir);
  return knex({ client: pgliteKnexClient(owned.pglite, owned.close), log: KNEX_LOG });
}

/**
 * knex warns on stderr about every failed connection attempt; that error also reaches the
 * caller, which reports it in one line. Other warnings stay visible.
 */
const KNEX_LOG: Knex.Logger = {
  warn(message: unknown) {
    if (!String(message).startsWith('Acquire connection error')) console.warn(message);
  },
};
