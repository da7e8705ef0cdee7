import 'reflect-metadata';
import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Logger } from 'pino';
import { type Registry } from 'prom-client';
import { createHttpMetrics, createMetricsRegistry } from '../observability/metrics';
import { NestPinoLogger } from '../observability/nest-logger';
import { type OperationsAccess, PUBLIC_OPERATIONS } from './access/operations-access';
import { installFastAsyncResourceBind } from './async-resource-bind';
import { createFastifyAdapter } from './fastify-adapter';
import { HttpFoundationModule } from './foundation.module';
import { DEFAULT_CHECK_TIMEOUT_MS, type HealthChecks } from './health/health-checks';
import { HttpApp } from './http-app';
import { answerUnknownMethods } from './method-not-allowed';
import { type DocsOptions, serveApiDocs } from './openapi/openapi';
import { exposePositions } from './position-header';
import { ProblemFilter } from './problems/problem.filter';
import { type DrainState, observeRequests } from './request-observer';
import { allowBrowserOrigins } from './security/cors';
import {
  type DocsPageStyles,
  pinDocsPageStyles,
  registerSecurityHeaders,
} from './security/security-headers';
import { createValidationPipe } from './validation';

export type HttpAppOptions = {
  /** The process name (`write-api`, `read-api`): metrics label, default docs title. */
  name: string;
  /** The API's module: its controllers are served, its providers can inject LOGGER etc. */
  module: Type<unknown> | DynamicModule;
  port: number;
  /** The variable `port` came from, named when the port cannot be bound. */
  portVariable: string;
  logger: Logger;
  /** Defaults to every interface, as a container needs. */
  host?: string;
  /** Prefix for the module's routes (`api/v1`); health, metrics and docs stay at the root. */
  apiPrefix?: string;
  /** Readiness probes by dependency name, e.g. `{ eventStore: () => store.ping() }`. */
  healthChecks?: HealthChecks;
  healthCheckTimeoutMs?: number;
  /** Pass one to share it with non-HTTP code of the process; a fresh one otherwise. */
  metrics?: Registry;
  docs?: Partial<DocsOptions>;
  /** Copy `position` from response bodies into `X-Position` (the write API). */
  exposePosition?: boolean;
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownTimeoutMs?: number;
  /** Closes the app's dependencies, after the last request has been answered. */
  onClose?: () => Promise<void>;
  /** Where `request.ip` comes from (TRUST_PROXY): see fastify-adapter.ts. */
  trustProxy?: boolean | number;
  /** Browser origins allowed to call this app (CORS_ORIGINS); none: no CORS headers. */
  corsOrigins?: readonly string[];
  /** METRICS_TOKEN, and who counts as an admin; without it, health hides its error texts. */
  operationsAccess?: OperationsAccess;
};

/** Operational routes stay unprefixed: probes and scrapers use fixed paths. */
const UNPREFIXED = ['health/live', 'health/ready', 'metrics'];

/**
 * Builds one HTTP API on NestJS + Fastify with the conventions of SPEC.md ("HTTP
 * conventions") already in place, initialised and ready to `listen()` (or to `inject()` in
 * tests). See platform/http/README.md for how an API plugs in.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const { logger } = options;
  installFastAsyncResourceBind();
  const registry = options.metrics ?? createMetricsRegistry(options.name);
  const drain: DrainState = { draining: false };

  const adapter = createFastifyAdapter({ logger, trustProxy: options.trustProxy });
  const fastify = adapter.getInstance();
  observeRequests(fastify, createHttpMetrics(registry), drain);
  // After observeRequests: its hook echoes the correlation id, on a 405 too.
  answerUnknownMethods(fastify);
  if (options.exposePosition) exposePositions(fastify);
  const docsPage: DocsPageStyles = { sources: [], headers: {} };
  await registerSecurityHeaders(fastify, docsPage);
  await allowBrowserOrigins(fastify, options.corsOrigins ?? []);
  const operationsAccess = options.operationsAccess ?? PUBLIC_OPERATIONS;

  const root = HttpFoundationModule.forRoot({
    module: options.module,
    logger,
    registry,
    healthChecks: options.healthChecks ?? {},
    healthCheckTimeoutMs: options.healthCheckTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    operationsAccess,
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new NestPinoLogger(logger),
    // fastify-adapter.ts installs the only body parser (JSON).
    bodyParser: false,
    // Let a bootstrap failure reach the caller, which prints one line and exits.
    abortOnError: false,
  });

  if (options.apiPrefix) app.setGlobalPrefix(options.apiPrefix, { exclude: UNPREFIXED });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  serveApiDocs(
    app,
    { title: options.name, ...options.docs },
    {
      writeApi: options.exposePosition === true,
      metricsToken: operationsAccess.metricsToken !== undefined,
    },
  );
  await app.init();
  await pinDocsPageStyles(app, docsPage);

  return new HttpApp(app, {
    logger,
    registry,
    drain,
    host: options.host ?? '0.0.0.0',
    port: options.port,
    portVariable: options.portVariable,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
    onClose: options.onClose,
  });
}
