import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  applyDecorators,
  createParamDecorator,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../../http/problems/http-errors';
import { type AccessTokens } from '../access-tokens';
import { InvalidTokenError } from '../errors';
import { type Principal, type Role } from '../principal';

/** DI token for the process's AccessTokens (both APIs verify with the same secret). */
export const ACCESS_TOKENS = Symbol('ACCESS_TOKENS');

const ROLES = Symbol('ROLES');
type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Verifies `Authorization: Bearer <accessToken>` locally (no call to the write API): missing or
 * invalid is 401, a role the route does not allow is 403. The principal is attached to the
 * request for `@CurrentPrincipal()`.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('a bearer access token is required');
    try {
      request.principal = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        request.log.info({ reason: error.reason }, 'access token refused');
        throw new UnauthorizedError('the access token is invalid or expired');
      }
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed && !allowed.some((role) => request.principal?.roles.includes(role))) {
      throw new ForbiddenError(`this action needs the ${allowed.join(' or ')} role`);
    }
    return true;
  }
}

/** Requires a valid access token, and one of `roles` when given. */
export function Authenticated(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES, roles.length > 0 ? roles : undefined),
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
  );
}

/** `@CurrentPrincipal() principal: Principal` on an `@Authenticated()` route. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new UnauthorizedError('a bearer access token is required');
    return principal;
  },
);
