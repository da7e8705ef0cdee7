import { type Logger } from 'pino';
import { AccessTokens } from '../platform/auth/access-tokens';
import { operationsAccess } from '../platform/auth/admin-access';
import { loadJwtSecret } from '../platform/auth/jwt-secret';
import { CommandRunner } from '../platform/commands/command-runner';
import { type AppConfig } from '../platform/config/config';
import { openCoordination } from '../platform/coordination/open-coordination';
import { type Coordination } from '../platform/coordination/ports';
import { openEventStore } from '../platform/event-store/open-event-store';
import { type EventStore } from '../platform/event-store/port';
import { createHttpApp, type HttpApp } from '../platform/http';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import { writeApiFeatures } from './features';
import { DEFAULT_WRITE_SIDE_SETTINGS, type WriteSideSettings } from './shared/tokens';
import { WriteApiModule } from './write-api.module';

// The write side's entry point: the one file of write-side/ that code outside it may import
// (ESLint enforces it). The CLI's `users create-admin` and the tests reach accounts through these.
export {
  type AdminAccountOutcome,
  type AdminCredentials,
  bootstrapAdmin,
  ensureAdminAccount,
} from './auth/bootstrap-admin';
export { type WriteSideSettings } from './shared/tokens';
export {
  type NewUser,
  type RegisteredUserResult,
  registerUser,
} from './auth/register-user/register-user';
import { eventStoreChecks } from '../platform/http/health/event-store-checks';

export type WriteApiOptions = Readonly<{
  config: AppConfig;
  logger: Logger;
  /** Given by the all-in-one process (shared with the other parts); opened here otherwise. */
  eventStore?: EventStore;
  coordination?: Coordination;
  settings?: Partial<WriteSideSettings>;
}>;

/** Builds the write API (`shopstream write-api`), ready to listen. */
export async function createWriteApi(options: WriteApiOptions): Promise<HttpApp> {
  const { config, logger } = options;
  // First: a key file others can read stops the process before anything is opened.
  const secret = await loadJwtSecret({ jwtSecret: config.jwtSecret, dataDir: config.dataDir });
  const eventStore = options.eventStore ?? (await openEventStore(config.eventStore));
  const coordination = options.coordination ?? (await openCoordination(config));
  const accessTokens = new AccessTokens({ secret: secret.key });
  // Before the app and its metrics exist: this one runner appends unmeasured, as the CLI does.
  if (config.admin) await bootstrapAdmin(new CommandRunner(eventStore), config.admin, logger);
  const settings = {
    ...DEFAULT_WRITE_SIDE_SETTINGS,
    authRequestsPerClientPerMinute: config.authRateLimitPerMinute,
    ...options.settings,
  };
  const owned = [
    ...(options.coordination ? [] : [coordination]),
    ...(options.eventStore ? [] : [eventStore]),
  ];

  return createHttpApp({
    name: 'write-api',
    module: WriteApiModule.forRoot(
      {
        eventStore,
        coordination,
        accessTokens,
        settings,
      },
      writeApiFeatures,
    ),
    apiPrefix: 'api/v1',
    port: config.writeApiPort,
    portVariable: 'WRITE_API_PORT',
    trustProxy: config.trustProxy,
    logger,
    exposePosition: true,
    corsOrigins: config.corsOrigins,
    operationsAccess: operationsAccess(config, accessTokens),
    healthChecks: {
      ...eventStoreChecks(eventStore, config.eventStoreStallSeconds),
      coordination: () => coordination.ping(),
    },
    docs: { title: 'Shopstream write API' },
    onClose: async () => {
      for (const dependency of owned) await dependency.close();
    },
  });
}
