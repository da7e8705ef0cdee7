import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { ValidationError } from '../../domain/shared/errors';
import { isPosition } from '../../platform/event-store/position-codec';
import { type CheckpointWatch } from '../../projections/runtime/checkpoint-notifications';
import { DEFAULT_WAIT_MS, MAX_WAIT_MS, READS_FROM } from './reads-from.decorator';
import { CHECKPOINT_WATCH } from './tokens';

/**
 * Read-your-writes (SPEC.md, "HTTP conventions"): with `X-Min-Position`, the route's query runs
 * once the projections it reads (`@ReadsFrom`) have processed that position, or after
 * `X-Wait-Timeout-Ms`; `X-Consistent` tells the client which. Runners announce each checkpoint,
 * so a wait ends within milliseconds of the projection catching up. `true` is a promise that the
 * write shows: a route that declares no read model, or a write whose event a projection parked,
 * gets `false` (CheckpointWatch.waitFor).
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CHECKPOINT_WATCH) private readonly watch: CheckpointWatch,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const minPosition = header(request, 'x-min-position');
    // Checked even alone: a documented header with a bad value is a 400 wherever it is sent.
    const timeoutMs = waitTimeout(header(request, 'x-wait-timeout-ms'));
    if (minPosition === undefined) return next.handle();
    if (!isPosition(minPosition)) {
      throw ValidationError.field('X-Min-Position', 'is not a position the write API returned');
    }
    const projections =
      this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.watch.waitFor(projections, minPosition, timeoutMs)).pipe(
      switchMap((consistent) => {
        void reply.header('X-Consistent', String(consistent));
        return next.handle();
      }),
    );
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function waitTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_WAIT_MS;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > MAX_WAIT_MS) {
    throw ValidationError.field('X-Wait-Timeout-Ms', `must be an integer from 0 to ${MAX_WAIT_MS}`);
  }
  return Number(raw);
}
