import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { HealthController } from './health/health.controller';
import { type HealthChecks } from './health/health-checks';
import { type OperationsAccess } from './access/operations-access';
import { MetricsController } from './metrics.controller';
import {
  HEALTH_CHECK_TIMEOUT_MS,
  HEALTH_CHECKS,
  LOGGER,
  METRICS_REGISTRY,
  OPERATIONS_ACCESS,
} from './tokens';

export type FoundationOptions = {
  /** The API's own module: its controllers, providers and imports. */
  module: Type<unknown> | DynamicModule;
  logger: Logger;
  registry: Registry;
  healthChecks: HealthChecks;
  healthCheckTimeoutMs: number;
  operationsAccess: OperationsAccess;
};

/**
 * The root module of every HTTP app: the operational endpoints (health, metrics) beside the
 * API's own module, and the logger and metrics registry made injectable everywhere in it.
 */
@Module({})
export class HttpFoundationModule {
  static forRoot(options: FoundationOptions): DynamicModule {
    return {
      module: HttpFoundationModule,
      global: true,
      imports: [options.module],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS_REGISTRY, useValue: options.registry },
        { provide: HEALTH_CHECKS, useValue: options.healthChecks },
        { provide: HEALTH_CHECK_TIMEOUT_MS, useValue: options.healthCheckTimeoutMs },
        { provide: OPERATIONS_ACCESS, useValue: options.operationsAccess },
      ],
      exports: [LOGGER, METRICS_REGISTRY],
    };
  }
}
