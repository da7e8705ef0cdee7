import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { HttpException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { type Logger } from 'pino';
import { CORRELATION_ID_HEADER, correlationIdFor } from './correlation-id';
import { nestingError } from './json-depth';
import { BadRequestError } from './problems/http-errors';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problems/problem-types';
import { toProblem } from './problems/to-problem';

/** SPEC.md: JSON bodies; larger ones are refused with 413 before they are buffered. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type AdapterOptions = {
  logger: Logger;
  /**
   * Honour X-Forwarded-* from a reverse proxy (only behind one): true believes the left-most
   * address, a number N the one N proxies back (Fastify's `trustProxy`).
   */
  trustProxy?: boolean | number;
};

/**
 * The Fastify instance under Nest: body limit, correlation ids as request ids (so Fastify
 * binds them into each request's logger), JSON as the only body format, and problem+json even
 * for requests too broken to reach a route.
 */
export function createFastifyAdapter({ logger, trustProxy = false }: AdapterOptions) {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: logger,
    // request-observer.ts writes one line per request; Fastify's two lines would repeat it.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'correlationId',
    }),
    genReqId: correlationIdFor,
    requestIdHeader: false,
    // Draining is answered by our own hook in problem+json (see request-observer.ts).
    return503OnClosing: false,
    trustProxy,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerRoutingError,
  });
  acceptOnlyJson(adapter.getInstance());
  return adapter;
}

/**
 * Only `application/json` bodies are parsed, so a text/plain or form body is a 415 rather
 * than a string reaching a DTO. Fastify's own parser is kept for its prototype-poisoning
 * protection; its errors become a 400 whose detail does not echo the body back (V8's JSON
 * messages quote it, and it may hold a password). An empty body counts as no body: clients
 * often send the JSON content type on a bodiless DELETE or POST. A body nested too deeply is
 * refused before it is parsed (json-depth.ts).
 */
function acceptOnlyJson(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    const tooDeep = nestingError(text);
    if (tooDeep) return done(tooDeep, undefined);
    parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (error) done(new BadRequestError('The request body is not valid JSON.'), undefined);
      else done(null, value);
    });
  });
}

/**
 * Fastify's router answers a URL it cannot decode (or an overlong path parameter) before any
 * hook or Nest filter runs; map it like any other HttpException.
 */
function answerRoutingError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { problem, headers } = toProblem(new HttpException(error.message, error.statusCode ?? 400));
  void reply
    .status(problem.status)
    .headers(headers)
    .header(CORRELATION_ID_HEADER, request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}

/**
 * Requests Node's HTTP parser rejects (bad framing, oversized headers, header timeout) never
 * reach Fastify's routing; answer them in the same problem shape.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const problem =
    status === 400
      ? problemOf('bad-request', 'The request is not valid HTTP.')
      : { type: 'about:blank', title: STATUS_CODES[status], status, detail: STATUS_CODES[status] };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
