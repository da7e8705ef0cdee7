import { type FieldError } from '../../../domain/shared/errors';
import { type ProblemType } from './problem-types';

/**
 * Errors the HTTP layers raise for outcomes the domain has no word for: authentication,
 * authorisation, rate limits, unusable references, readiness. The exception filter turns each
 * into its problem; business-rule failures stay DomainErrors (see to-problem.ts).
 */
export abstract class HttpProblemError extends Error {
  abstract readonly problemType: ProblemType;
  constructor(
    message: string,
    readonly errors?: FieldError[],
    /** Response headers the problem needs (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra members of the problem body (RFC 9457 extensions), e.g. readiness checks. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: no usable bearer token, or wrong credentials. */
export class UnauthorizedError extends HttpProblemError {
  readonly problemType = 'unauthorized';
  constructor(message = 'A valid bearer token is required.') {
    super(message, undefined, { 'www-authenticate': 'Bearer' });
  }
}

/** 403: authenticated, but the role does not allow it. */
export class ForbiddenError extends HttpProblemError {
  readonly problemType = 'forbidden';
  constructor(message = 'Your role does not allow this.') {
    super(message);
  }
}

/** 405: the path exists, the method does not; `Allow` lists the methods it has (RFC 9110). */
export class MethodNotAllowedError extends HttpProblemError {
  readonly problemType = 'method-not-allowed';
  constructor(method: string, allowed: readonly string[]) {
    super(`${method} is not allowed here; use ${allowed.join(' or ')}.`, undefined, {
      allow: allowed.join(', '),
    });
  }
}

/**
 * 422: well-formed but unusable (an unknown or discontinued product, an unknown address, an
 * Idempotency-Key replayed with another body). Field errors say which part.
 */
export class UnprocessableError extends HttpProblemError {
  readonly problemType = 'unprocessable';
  constructor(message: string, errors?: FieldError[]) {
    super(message, errors);
  }

  static field(field: string, message: string): UnprocessableError {
    return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
  }
}

/** 429 with Retry-After (whole seconds, at least 1). */
export class TooManyRequestsError extends HttpProblemError {
  readonly problemType = 'rate-limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, undefined, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

/** 400 for a request that cannot be read at all (the body is not JSON). */
export class BadRequestError extends HttpProblemError {
  readonly problemType = 'bad-request';
}

/** 503: a dependency is down, or the process is draining. */
export class ServiceUnavailableError extends HttpProblemError {
  readonly problemType = 'service-unavailable';
  constructor(message: string, extensions: Record<string, unknown> = {}, retryAfterSeconds = 5) {
    super(message, undefined, { 'retry-after': String(retryAfterSeconds) }, extensions);
  }
}
