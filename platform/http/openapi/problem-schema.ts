import { type SchemaObject } from '@nestjs/swagger';
import { PROBLEM_BASE_URI, PROBLEM_TYPES } from '../problems/problem-types';

/** The OpenAPI components every error response refers to. */
export const PROBLEM_DETAILS_REF = '#/components/schemas/ProblemDetails';

const typeCatalogue = Object.entries(PROBLEM_TYPES)
  .map(
    ([name, { status, description }]) =>
      `- \`${PROBLEM_BASE_URI}${name}\` (${status}): ${description}`,
  )
  .join('\n');

export const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', example: 'lines[2].quantity' },
      message: { type: 'string', example: 'must not be greater than 100' },
    },
  },
  ProblemDetails: {
    type: 'object',
    description:
      'RFC 9457 problem details, served as `application/problem+json`. `type` is one of:\n\n' +
      typeCatalogue +
      '\n\nor `about:blank` for a plain HTTP status with no further meaning.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri', example: `${PROBLEM_BASE_URI}validation` },
      title: { type: 'string', example: 'Invalid request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'lines[2].quantity: must not be greater than 100' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
};
