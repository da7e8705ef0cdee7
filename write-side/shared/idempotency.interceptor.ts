import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Observable, from, lastValueFrom } from 'rxjs';
import { type Principal } from '../../platform/auth/principal';
import { type Coordination } from '../../platform/coordination/ports';
import {
  BadRequestError,
  HttpProblemError,
  IgnoresIdempotencyKey,
  UnprocessableError,
} from '../../platform/http';
import { COORDINATION, WRITE_SIDE_SETTINGS, type WriteSideSettings } from './tokens';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
const USABLE_KEY = /^[\x21-\x7e]{1,255}$/;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A claim outlives the slowest request; a crashed claimer's key frees itself after it. */
const CLAIM_TTL_SECONDS = 60;
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

const NO_REPLAY = Symbol('NO_IDEMPOTENCY_REPLAY');

/**
 * For routes whose answer is a credential (login, refresh): their responses are never stored,
 * so no token pair sits in Redis for a day, and the key is ignored. A retried login simply
 * opens another session; a retried refresh is reuse of a spent token, by design. Their
 * documents do not offer the header either.
 */
export const NoIdempotencyReplay = (): MethodDecorator =>
  applyDecorators(SetMetadata(NO_REPLAY, true), IgnoresIdempotencyKey());

class IdempotencyInProgressError extends HttpProblemError {
  readonly problemType = 'concurrency';
}

/**
 * `Idempotency-Key` on every write: the first request with a key runs and its response is kept;
 * a retry with the same key and body gets that response again and appends nothing; the same key
 * with another body is 422. A retry arriving while the first still runs waits for its answer.
 * Keys are scoped to the caller and the route, so two users cannot collide.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(COORDINATION) private readonly coordination: Coordination,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined || !WRITE_METHODS.has(request.method)) return next.handle();
    if (this.reflector.get<boolean>(NO_REPLAY, context.getHandler())) return next.handle();
    if (typeof key !== 'string' || !USABLE_KEY.test(key)) {
      throw new BadRequestError('Idempotency-Key must be 1 to 255 printable ASCII characters');
    }
    return from(this.run(request, http.getResponse<FastifyReply>(), key, next));
  }

  private async run(
    request: FastifyRequest & { principal?: Principal },
    reply: FastifyReply,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const { idempotency } = this.coordination;
    const scope = `idem:${request.principal?.userId ?? 'anonymous'}:${request.method}:${request.routeOptions.url}:${key}`;
    const fingerprint = fingerprintOf(request);

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await idempotency.begin(scope, fingerprint, CLAIM_TTL_SECONDS);
      if (claim.state === 'started') break;
      if (claim.fingerprint !== fingerprint) {
        throw UnprocessableError.field(
          'Idempotency-Key',
          'was already used with a different request body',
        );
      }
      if (claim.state === 'completed') {
        reply.status(claim.response.status);
        for (const [name, value] of Object.entries(claim.response.headers))
          reply.header(name, value);
        reply.header(REPLAYED_HEADER, 'true');
        return claim.response.body;
      }
      if (Date.now() > deadline) {
        throw new IdempotencyInProgressError(
          'A request with this Idempotency-Key is still being processed; retry later',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await idempotency.complete(
        scope,
        fingerprint,
        { status: reply.statusCode, headers: {}, body },
        this.settings.idempotencyTtlSeconds,
      );
      return body;
    } catch (error) {
      // Nothing was appended or the error says what was: let a retry run again.
      await idempotency.abandon(scope);
      throw error;
    }
  }
}

/** The method, route and canonical body: what "the same request" means. */
function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`)
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
