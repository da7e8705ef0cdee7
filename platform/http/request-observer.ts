import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type HttpMetrics } from '../observability/metrics';
import { CORRELATION_ID_HEADER } from './correlation-id';
import { ServiceUnavailableError } from './problems/http-errors';

/** Probes and scrapes hit every few seconds; their lines would drown the real traffic. */
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/** Requests without a matching route share one label, so scanners cannot explode the series. */
export const UNMATCHED_ROUTE = 'unmatched';

export type DrainState = { draining: boolean };

/**
 * Request-level hooks: echo the correlation id, refuse new work and close connections while
 * draining, and when a response is finished write its one log line and its metrics, labelled
 * by route pattern.
 */
export function observeRequests(
  fastify: FastifyInstance,
  metrics: HttpMetrics,
  drain: DrainState,
): void {
  // Callback hooks rather than async ones: they run on every request, and each async hook
  // costs a promise and a microtask turn for nothing here.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    if (!drain.draining) return done();
    // A keep-alive connection may still send a request after close() began: refuse it and
    // close the connection, so the client retries on another instance.
    reply.header('connection', 'close');
    done(new ServiceUnavailableError('The server is shutting down; retry.'));
  });

  // A response finishing while draining closes its connection: a keep-alive connection that
  // was busy when close() began would otherwise stay open until the shutdown deadline.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (drain.draining) reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const status = reply.statusCode;
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    metrics.observe({ method: request.method, route, status }, reply.elapsedTime / 1000);
    const line = { method: request.method, route, path: pathOf(request), status, durationMs };
    const level = levelFor(status, route);
    request.log[level](line, 'request completed');
    done();
  });
}

/** 503 is expected while a dependency is down or the process drains; other 5xx are bugs. */
function levelFor(status: number, route: string): 'error' | 'warn' | 'info' | 'debug' {
  if (status >= 500) return status === 503 ? 'warn' : 'error';
  return QUIET_ROUTES.has(route) ? 'debug' : 'info';
}

export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/** The path without the query string: a search term in a query is the user's business. */
function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
