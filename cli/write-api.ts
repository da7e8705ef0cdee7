import { Command } from 'commander';
import { serve } from './serve';

/** `shopstream write-api`: the command API on WRITE_API_PORT. */
export function writeApiCommand(): Command {
  return new Command('write-api')
    .description('Run the write (command) API on WRITE_API_PORT (default 3000)')
    .action(() =>
      serve('write-api', async (config, logger) => {
        // Loaded on use: `shopstream --help` and the light commands start without NestJS.
        const { createWriteApi } = await import('../write-side/main');
        return { services: [{ name: 'write API', app: await createWriteApi({ config, logger }) }] };
      }),
    );
}
