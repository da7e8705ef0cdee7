import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type Observable, tap } from 'rxjs';

export const POSITION_HEADER = 'x-position';

/**
 * SPEC.md: every write answers with the `position` of its last event, in the body and in the
 * `X-Position` header. Handlers only return `{ ..., position }`; this copies it to the header,
 * so no handler can forget. Installed globally on the write API (`exposePosition: true`).
 */
@Injectable()
export class PositionHeaderInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        const position = (body as { position?: unknown } | null | undefined)?.position;
        if (typeof position === 'string') reply.header(POSITION_HEADER, position);
      }),
    );
  }
}
