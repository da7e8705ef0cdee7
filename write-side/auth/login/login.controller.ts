import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { TokenPairResponse } from '../shared/token-pair';
import { LogIn } from './login.handler';
import { LoginDto } from './login.dto';
import { NoIdempotencyReplay } from '../../shared/idempotency.interceptor';
import { ClientKey } from '../client-limits/client-address';
import { LimitedPerClient } from '../client-limits/client-rate-limit.guard';
import { NoStore } from '../shared/no-store.decorator';

@ApiTags('auth')
@Controller('auth')
export class LoginController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @NoIdempotencyReplay()
  @LimitedPerClient('login')
  @NoStore()
  @ApiOperation({
    summary: 'Exchange email and password for an access token and a refresh token',
    description:
      'After 5 failed attempts for one email from one client address within 15 minutes, ' +
      'further attempts from that address answer 429 until the oldest failure is 15 minutes ' +
      'old; a successful login clears the count. Other addresses are not locked out until the ' +
      'email has had 50 attempts in 15 minutes from all addresses together. Each address may ' +
      'also send only so many logins a minute (429), and when too many password checks are ' +
      'waiting the answer is 503; both come with Retry-After.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(400, 401, 429, 503)
  login(
    @Body() body: LoginDto,
    @ClientKey() client: string,
    @CorrelationId() correlationId: string,
  ): Promise<TokenPairResponse> {
    return this.commandBus.execute(
      new LogIn(body.email, body.password, client, requestContext(correlationId, null)),
    );
  }
}
