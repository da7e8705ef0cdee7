import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../problems/http-errors';
import { OPERATIONS_ACCESS } from '../tokens';
import { bearerTokenOf, isSameSecret, type OperationsAccess } from './operations-access';

/** `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>` when that token is set. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(OPERATIONS_ACCESS) private readonly access: OperationsAccess) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.access.metricsToken;
    if (expected === undefined) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const presented = bearerTokenOf(request.headers.authorization);
    if (presented === undefined || !isSameSecret(presented, expected)) {
      throw new UnauthorizedError('The metrics need the bearer token set in METRICS_TOKEN.');
    }
    return true;
  }
}
