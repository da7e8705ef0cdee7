import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { TokenPairResponse } from '../shared/token-pair';
import { RefreshTokenDto } from './refresh-session.dto';
import { RefreshSession } from './refresh-session.handler';
import { NoIdempotencyReplay } from '../../shared/idempotency.interceptor';
import { LimitedPerClient } from '../client-limits/client-rate-limit.guard';
import { NoStore } from '../shared/no-store.decorator';

@ApiTags('auth')
@Controller('auth')
export class RefreshSessionController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post('refresh')
  @HttpCode(200)
  @NoIdempotencyReplay()
  @LimitedPerClient('refresh')
  @NoStore()
  @ApiOperation({
    summary: 'Spend a refresh token for a new token pair',
    description:
      'The presented token is spent. Presenting a spent token again revokes its whole family ' +
      '(every token of that login), so refresh one request at a time. A session ends a fixed ' +
      'time after login (30 days by default), at logout, or when the password changes. Each ' +
      'client address may send only so many refreshes a minute (429 with Retry-After).',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(400, 401, 429)
  refreshSession(
    @Body() body: RefreshTokenDto,
    @CorrelationId() correlationId: string,
  ): Promise<TokenPairResponse> {
    return this.commandBus.execute(
      new RefreshSession(body.refreshToken, requestContext(correlationId, null)),
    );
  }
}
