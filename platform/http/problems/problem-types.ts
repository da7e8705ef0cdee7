import { type FieldError } from '../../../domain/shared/errors';

/**
 * The catalogue of problem `type` URIs (RFC 9457) both APIs answer with. A URI is forever:
 * clients branch on it, so add new ones rather than renaming. Each entry's `description` is
 * what the OpenAPI document publishes for it.
 */
export const PROBLEM_BASE_URI = 'https://shopstream.dev/problems/';

export const PROBLEM_TYPES = {
  validation: {
    status: 400,
    title: 'Invalid request',
    description: 'Fields of the body, path or query are invalid; `errors` names each one.',
  },
  'bad-request': {
    status: 400,
    title: 'Bad request',
    description: 'The request cannot be read: the body is not JSON, or a parameter is malformed.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    description: 'The bearer token is missing, invalid or expired, or the credentials are wrong.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    description: 'The caller is authenticated but its role does not allow this.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: 'The resource does not exist, or belongs to someone else.',
  },
  'illegal-state': {
    status: 409,
    title: 'Not allowed in the current state',
    description:
      'The resource exists but its state forbids this (e.g. paying an unconfirmed order).',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    description: 'A uniqueness rule is violated (e.g. the email or SKU is taken).',
  },
  concurrency: {
    status: 409,
    title: 'Concurrent modification',
    description: 'The resource changed while the request was handled; retrying may succeed.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    description: 'The path exists but not with this method; `Allow` lists the ones it has.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    description: 'The body exceeds 1 MiB.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'Bodies must be sent as `Content-Type: application/json`.',
  },
  unprocessable: {
    status: 422,
    title: 'Unprocessable request',
    description:
      'The request is well-formed but refers to something unusable (an unknown product, an ' +
      'idempotency key reused with another body); `errors` names the fields when it can.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    description: 'Slow down; `Retry-After` says how many seconds to wait.',
  },
  internal: {
    status: 500,
    title: 'Internal server error',
    description: 'An unexpected failure; quote the `X-Correlation-Id` response header.',
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    description: 'A dependency is down or the process is shutting down; retry later.',
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** The body of every error response, served as `application/problem+json`. */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemTypeUri(type: ProblemType): string {
  return PROBLEM_BASE_URI + type;
}

/** The problem for one catalogue entry; `detail` says what happened this time. */
export function problemOf(
  type: ProblemType,
  detail: string,
  errors?: FieldError[],
): ProblemDetails {
  const { status, title } = PROBLEM_TYPES[type];
  const problem: ProblemDetails = { type: problemTypeUri(type), title, status, detail };
  if (errors && errors.length > 0) problem.errors = errors;
  return problem;
}
