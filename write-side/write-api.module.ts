import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { type Registry } from 'prom-client';
import { type AccessTokens } from '../platform/auth/access-tokens';
import { ACCESS_TOKENS, BearerAuthGuard } from '../platform/auth/nest/bearer-auth.guard';
import { PasswordHashQueue } from '../platform/auth/password-hasher';
import { CommandRunner } from '../platform/commands/command-runner';
import { type Coordination } from '../platform/coordination/ports';
import { type EventStore } from '../platform/event-store/port';
import { METRICS_REGISTRY, ServiceUnavailableError } from '../platform/http';
import { IdempotencyInterceptor } from './shared/idempotency.interceptor';
import {
  COMMAND_RUNNER,
  COORDINATION,
  PASSWORD_HASHING,
  WRITE_SIDE_SETTINGS,
  type WriteSideSettings,
} from './shared/tokens';

export type WriteSideDependencies = Readonly<{
  eventStore: EventStore;
  coordination: Coordination;
  accessTokens: AccessTokens;
  settings: WriteSideSettings;
}>;

/** The write side's shared providers, visible to every feature module. */
@Global()
@Module({})
class WriteSideCoreModule {
  static forRoot(deps: WriteSideDependencies): DynamicModule {
    return {
      module: WriteSideCoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: COORDINATION, useValue: deps.coordination },
        { provide: ACCESS_TOKENS, useValue: deps.accessTokens },
        { provide: WRITE_SIDE_SETTINGS, useValue: deps.settings },
        { provide: PASSWORD_HASHING, useValue: passwordHashQueue(deps.settings) },
        {
          provide: COMMAND_RUNNER,
          useFactory: (registry: Registry) =>
            new CommandRunner(deps.eventStore, { metrics: registry }),
          inject: [METRICS_REGISTRY],
        },
        BearerAuthGuard,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        CqrsModule,
        COMMAND_RUNNER,
        COORDINATION,
        ACCESS_TOKENS,
        WRITE_SIDE_SETTINGS,
        PASSWORD_HASHING,
        BearerAuthGuard,
      ],
    };
  }
}

function passwordHashQueue(settings: WriteSideSettings): PasswordHashQueue {
  return new PasswordHashQueue({
    concurrency: settings.passwordHashConcurrency,
    maxWaiting: settings.passwordHashMaxWaiting,
    whenFull: () =>
      new ServiceUnavailableError('Too many password checks are waiting; retry shortly.', {}, 1),
  });
}

/** The command API: the shared core plus one module per feature (auth, users, catalog, ...). */
@Module({})
export class WriteApiModule {
  static forRoot(
    deps: WriteSideDependencies,
    features: DynamicModule['imports'] = [],
  ): DynamicModule {
    return {
      module: WriteApiModule,
      imports: [WriteSideCoreModule.forRoot(deps), ...features],
    };
  }
}
