import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { type Knex } from 'knex';
import { type AccessTokens } from '../platform/auth/access-tokens';
import { ACCESS_TOKENS, BearerAuthGuard } from '../platform/auth/nest/bearer-auth.guard';
import { type EventStore } from '../platform/event-store/port';
import { type CheckpointWatch } from '../projections/runtime/checkpoint-notifications';
import { ConsistencyInterceptor } from './shared/consistency.interceptor';
import { type CursorCodec } from './shared/cursor';
import { CHECKPOINT_WATCH, CURSORS, EVENT_STORE, READ_MODELS } from './shared/tokens';

export type ReadSideDependencies = Readonly<{
  db: Knex;
  eventStore: EventStore;
  watch: CheckpointWatch;
  accessTokens: AccessTokens;
  cursors: CursorCodec;
}>;

/** The read side's shared providers, visible to every feature module. */
@Global()
@Module({})
class ReadSideCoreModule {
  static forRoot(deps: ReadSideDependencies): DynamicModule {
    return {
      module: ReadSideCoreModule,
      providers: [
        { provide: READ_MODELS, useValue: deps.db },
        { provide: EVENT_STORE, useValue: deps.eventStore },
        { provide: CHECKPOINT_WATCH, useValue: deps.watch },
        { provide: ACCESS_TOKENS, useValue: deps.accessTokens },
        { provide: CURSORS, useValue: deps.cursors },
        BearerAuthGuard,
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
      ],
      exports: [
        READ_MODELS,
        EVENT_STORE,
        CHECKPOINT_WATCH,
        ACCESS_TOKENS,
        CURSORS,
        BearerAuthGuard,
      ],
    };
  }
}

/** The query API: the shared core plus one module per read model. */
@Module({})
export class ReadApiModule {
  static forRoot(
    deps: ReadSideDependencies,
    features: DynamicModule['imports'] = [],
  ): DynamicModule {
    return { module: ReadApiModule, imports: [ReadSideCoreModule.forRoot(deps), ...features] };
  }
}
