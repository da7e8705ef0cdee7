import { type AppConfig, loadConfig } from '../platform/config/config';
import { type Env } from '../platform/config/parse';
import { assertReadModelsMigrated } from '../projections/read-model-schema';
import { commandContext } from './command-context';
import { openSharedStores, type SharedStores } from './system';

export type CliStores = SharedStores & Readonly<{ config: AppConfig }>;

/**
 * How operator commands reach the stores: inside a running `shopstream start` (a CLI on its
 * control socket), that process's open ones, left open; otherwise the same ones the processes
 * use (openSharedStores: on the embedded default the event store and the read models share one
 * PGlite), closed when `work` ends, also when it fails. An unmigrated read-model schema is
 * refused up front, naming `shopstream migrate`.
 */
export async function withStores<T>(
  command: string,
  work: (stores: CliStores) => Promise<T>,
  env: Env = process.env,
): Promise<T> {
  const running = commandContext().stores;
  if (running) return work(running);
  const config = loadConfig(env);
  const stores = await openSharedStores(config, `shopstream-${command}`);
  try {
    await assertReadModelsMigrated(stores.db, config.database);
    return await work({ ...stores, config });
  } finally {
    await stores.close();
  }
}
