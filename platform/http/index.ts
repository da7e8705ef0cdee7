/** The shared HTTP foundation of the write and read APIs (see README.md beside this file). */
export { createHttpApp, type HttpAppOptions } from './create-http-app';
export { HttpApp } from './http-app';
export { LOGGER, METRICS_REGISTRY } from './tokens';
export { CorrelationId, RequestLog, CORRELATION_ID_HEADER } from './correlation-id';
export { POSITION_HEADER } from './position-header';
export { ApiProblems, type ProblemStatus } from './openapi/api-problems.decorator';
export { IgnoresIdempotencyKey } from './openapi/transport-conventions';
export { type HealthCheck, type HealthChecks } from './health/health-checks';
export {
  BadRequestError,
  ForbiddenError,
  HttpProblemError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
} from './problems/http-errors';
export {
  PROBLEM_BASE_URI,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  type ProblemDetails,
  type ProblemType,
} from './problems/problem-types';
export { toProblem } from './problems/to-problem';
