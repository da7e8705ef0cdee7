import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type HeadersObject } from '@nestjs/swagger';
import { PROBLEM_TYPES } from '../problems/problem-types';
import { PROBLEM_DETAILS_REF } from './problem-schema';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

const HEADERS: Partial<Record<ProblemStatus, HeadersObject>> = {
  401: {
    'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string' } },
  },
  429: {
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  },
  503: {
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  },
};

/**
 * Declares a route's error answers in one line: `@ApiProblems(400, 401, 409)`. Each refers to
 * the shared ProblemDetails schema, and its description lists the problem types that status can
 * carry (409 is illegal-state, conflict or concurrency).
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}

/** The OpenAPI response object of a problem answer with this status. */
export function problemResponse(status: ProblemStatus) {
  return {
    description: describe(status),
    headers: HEADERS[status],
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_DETAILS_REF } } },
  };
}

function describe(status: ProblemStatus): string {
  return Object.entries(PROBLEM_TYPES)
    .filter(([, entry]) => entry.status === status)
    .map(([name, entry]) => `\`${name}\`: ${entry.description}`)
    .join(' ');
}
