import { Command } from 'commander';
import { serve } from './serve';
import { openSharedStores } from './system';

/** `shopstream read-api`: the query API on READ_API_PORT. */
export function readApiCommand(): Command {
  return new Command('read-api')
    .description('Run the read (query) API on READ_API_PORT (default 3001)')
    .action(() =>
      serve('read-api', async (config, logger) => {
        const { createReadApi } = await import('../read-api/main');
        const stores = await openSharedStores(config, 'shopstream-read-api');
        try {
          const app = await createReadApi({
            config,
            logger,
            db: stores.db,
            eventStore: stores.eventStore,
            coordination: stores.coordination,
          });
          return { services: [{ name: 'read API', app }], close: stores.close };
        } catch (error) {
          await stores.close();
          throw error;
        }
      }),
    );
}
