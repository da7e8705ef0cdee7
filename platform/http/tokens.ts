/**
 * Nest injection tokens the HTTP foundation provides to every module of an app:
 * `@Inject(LOGGER) logger: Logger` (pino) and `@Inject(METRICS_REGISTRY) registry: Registry`
 * (prom-client; register your own counters with `registers: [registry]`).
 */
export const LOGGER = Symbol('LOGGER');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export const HEALTH_CHECK_TIMEOUT_MS = Symbol('HEALTH_CHECK_TIMEOUT_MS');
/** Who may read /metrics and the error texts of /health/ready (access/operations-access.ts). */
export const OPERATIONS_ACCESS = Symbol('OPERATIONS_ACCESS');
