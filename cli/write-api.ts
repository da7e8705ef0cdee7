import { Command } from 'commander';
import { createWriteApi } from '../write-side/main';
import { serve } from './serve';

/** `shopstream write-api`: the command API on WRITE_API_PORT. */
export function writeApiCommand(): Command {
  return new Command('write-api')
    .description('Run the write (command) API on WRITE_API_PORT (default 3000)')
    .action(() =>
      serve('write-api', async (config, logger) => {
        return [{ name: 'write API', app: await createWriteApi({ config, logger }) }];
      }),
    );
}

/**
 * `shopstream start` (= `npm start`): every process in one Node process on the embedded defaults
 * when nothing is configured. Today that is the write API; the read API, projections, process
 * managers and relay join it as they are built (docs/ARCHITECTURE.md, "Status").
 */
export function startCommand(): Command {
  return new Command('start')
    .description('Run the whole system in one process (today: the write API)')
    .action(() =>
      serve('shopstream', async (config, logger) => {
        return [{ name: 'write API', app: await createWriteApi({ config, logger }) }];
      }),
    );
}
