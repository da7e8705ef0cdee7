import { Command } from 'commander';
import { loadConfig } from '../platform/config/config';
import { type Env } from '../platform/config/parse';
import { openReadModelDb } from '../platform/read-model-db/open-read-model-db';
import { migrateReadModels } from '../projections/read-model-schema';
import { commandContext } from './command-context';
import { operatorCommand } from './control/operator-command';
import { write } from './text-output';

/**
 * `shopstream migrate`: creates or upgrades the read-model schema in DATABASE_URL (else the
 * embedded database under DATA_DIR) and says what it did. Running it again changes nothing.
 */
export async function migrate(env: Env = process.env): Promise<string[]> {
  // Inside a running `shopstream start` (a CLI on its control socket), its database, left open.
  const running = commandContext().stores?.db;
  const config = loadConfig(env);
  const db =
    running ?? (await openReadModelDb(config.database, { applicationName: 'shopstream-migrate' }));
  try {
    return await migrateReadModels(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migrate failed: ${reason.split('\n')[0]}`);
  } finally {
    if (!running) await db.destroy();
  }
}

export function migrateCommand(): Command {
  return operatorCommand(
    new Command('migrate').description(
      'Create or upgrade the read-model schema (DATABASE_URL, else the embedded database in DATA_DIR)',
    ),
    async () => write(await migrate()),
  );
}
