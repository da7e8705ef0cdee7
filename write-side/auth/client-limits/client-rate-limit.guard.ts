import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Coordination } from '../../../platform/coordination/ports';
import { takeRateLimitSlot } from '../../shared/rate-limit-slot';
import { COORDINATION, WRITE_SIDE_SETTINGS, type WriteSideSettings } from '../../shared/tokens';
import { clientOf } from './client-address';

/** The routes anyone may call that cost a password hash or touch credentials. */
export type ClientLimitedRoute = 'register' | 'login' | 'refresh';

const ROUTE = Symbol('CLIENT_LIMITED_ROUTE');
const WINDOW_SECONDS = 60;

/**
 * At most `authRequestsPerClientPerMinute` requests per client address to each limited route,
 * in a sliding minute (Redis, or in-process without REDIS_URL). It runs before the body is even
 * validated, so malformed floods count too; a refused request is 429 with Retry-After.
 */
@Injectable()
export class ClientRateLimitGuard implements CanActivate {
  constructor(
    @Inject(COORDINATION) private readonly coordination: Coordination,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<ClientLimitedRoute>(ROUTE, context.getHandler());
    const client = clientOf(context);
    await takeRateLimitSlot(
      this.coordination.rateLimiter,
      `client:${route}:${client}`,
      { limit: this.settings.authRequestsPerClientPerMinute, windowSeconds: WINDOW_SECONDS },
      `Too many ${route} requests from your address; retry later.`,
    );
    return true;
  }
}

/** Limits a route per client address (see ClientRateLimitGuard). */
export function LimitedPerClient(route: ClientLimitedRoute): MethodDecorator {
  return applyDecorators(SetMetadata(ROUTE, route), UseGuards(ClientRateLimitGuard));
}
