import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import {
  DomainError,
  type DomainErrorCode,
  UnusableReferenceError,
  ValidationError,
} from '../../../domain/shared/errors';
import { HttpProblemError } from './http-errors';
import { type ProblemDetails, type ProblemType, problemOf } from './problem-types';

/**
 * THE place where errors become HTTP answers. Every thrown thing ends up here (through the
 * global exception filter): domain errors by code, our HTTP errors by type, Nest and Fastify
 * HttpExceptions by status, anything else is a 500 whose message never leaves the server.
 */
export type ProblemResponse = {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** The server is at fault: log the error with its stack. */
  serverFault: boolean;
};

/** Business-rule failures by code. A Record, so a new code fails to compile until mapped. */
const DOMAIN_PROBLEMS: Record<DomainErrorCode, ProblemType> = {
  validation: 'validation',
  'unusable-reference': 'unprocessable',
  'not-permitted': 'forbidden',
  'not-found': 'not-found',
  'illegal-state': 'illegal-state',
  conflict: 'conflict',
  concurrency: 'concurrency',
};

/** HttpExceptions (Nest's, guards', Fastify's body parser's) by status. */
const STATUS_PROBLEMS: Readonly<Record<number, ProblemType>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  500: 'internal',
  503: 'service-unavailable',
};

/** Fastify's texts for these are terse ("Unsupported Media Type"); say what to do instead. */
const STATUS_DETAILS: Readonly<Record<number, string>> = {
  413: 'The request body exceeds the 1 MiB limit.',
  415: 'Send the request body as application/json.',
};

const INTERNAL_DETAIL =
  'An unexpected error occurred. Quote the X-Correlation-Id header to get help.';
// The store's message names streams and revisions: internals the client cannot act on.
const CONCURRENCY_DETAIL = 'The resource was changed by another request meanwhile; retry.';

export function toProblem(error: unknown): ProblemResponse {
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof HttpProblemError) {
    const problem = {
      ...error.extensions,
      ...problemOf(error.problemType, error.message, error.errors),
    };
    // Raised on purpose (a dependency is down, the process drains): no stack worth logging.
    return { problem, headers: { ...error.headers }, serverFault: false };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return { problem: problemOf('internal', INTERNAL_DETAIL), headers: {}, serverFault: true };
}

function fromDomainError(error: DomainError): ProblemResponse {
  const type = DOMAIN_PROBLEMS[error.code];
  const detail = error.code === 'concurrency' ? CONCURRENCY_DETAIL : error.message;
  const errors =
    error instanceof ValidationError || error instanceof UnusableReferenceError
      ? error.errors
      : undefined;
  return { problem: problemOf(type, detail, errors), headers: {}, serverFault: false };
}

function fromHttpException(error: HttpException): ProblemResponse {
  const status = error.getStatus();
  const serverFault = status >= 500;
  // A 5xx message is written for developers (and may name internals): it stays in the log.
  const detail = serverFault ? INTERNAL_DETAIL : (STATUS_DETAILS[status] ?? detailOf(error));
  const type = STATUS_PROBLEMS[status];
  const problem: ProblemDetails = type
    ? problemOf(type, detail)
    : { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  // RFC 6750: a 401 tells the client which scheme to use, also when a guard threw it.
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  return { problem, headers, serverFault };
}

function detailOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return error.message;
}
