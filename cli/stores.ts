import { type AppConfig, loadConfig } from '../platform/config/config';
import { type Env } from '../platform/config/parse';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import { openSharedStores, type SharedStores } from './system';

export type CliStores = SharedStores & Readonly<{ config: AppConfig }>;

/**
 * How operator commands reach the stores: the same ones the processes use (openSharedStores: on
 * the embedded default the event store and the read models share one PGlite, and a running
 * `npm start` holding DATA_DIR is one ConfigError line). An unmigrated read-model schema is
 * refused up front, naming `shopstream migrate`. Everything is closed when `work` ends, also
 * when it fails.
 */
export async function withStores<T>(
  command: string,
  work: (stores: CliStores) => Promise<T>,
  env: Env = process.env,
): Promise<T> {
  const config = loadConfig(env);
  const stores = await openSharedStores(config, `shopstream-${command}`);
  try {
    await assertReadModelsMigrated(stores.db, config.database);
    return await work({ ...stores, config });
  } finally {
    await stores.close();
  }
}
