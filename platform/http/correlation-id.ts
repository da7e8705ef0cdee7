import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type Logger } from 'pino';

/**
 * Every request carries a correlation id: the caller's `X-Correlation-Id` when it is usable,
 * else a fresh UUID. It is Fastify's request id, so Fastify binds it into the request's child
 * logger (`correlationId` on every line), and it is echoed in the response header. Handlers
 * pass it on in command metadata, so events and the log lines of the workers that handle
 * them can be traced back to the request.
 */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

// Printable ASCII without leading/trailing blanks, at most 128 characters: anything else
// (control characters that could forge log lines, kilobytes of junk) is replaced, never
// refused, since a tracing header must not break a request.
const USABLE = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

export function isUsableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && USABLE.test(value);
}

/** Fastify's `genReqId`. */
export function correlationIdFor(request: IncomingMessage): string {
  const received = request.headers[CORRELATION_ID_HEADER];
  return isUsableCorrelationId(received) ? received : randomUUID();
}

/** `@CorrelationId() correlationId: string` in a controller method. */
export const CorrelationId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string =>
    context.switchToHttp().getRequest<FastifyRequest>().id,
);

/** `@RequestLog() log: Logger`: the request's logger, with the correlation id bound. */
export const RequestLog = createParamDecorator(
  (_: unknown, context: ExecutionContext): Logger =>
    context.switchToHttp().getRequest<FastifyRequest>().log as Logger,
);
