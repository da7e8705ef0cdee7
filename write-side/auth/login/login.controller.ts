import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { TokenPairResponse } from '../shared/token-pair';
import { LogIn } from './login.handler';
import { LoginDto } from './login.dto';
import { NoIdempotencyReplay } from '../../shared/idempotency.interceptor';

@ApiTags('auth')
@Controller('auth')
export class LoginController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @NoIdempotencyReplay()
  @ApiOperation({
    summary: 'Exchange email and password for an access token and a refresh token',
    description:
      'After 5 failed attempts for one email within 15 minutes, further attempts answer 429 ' +
      'until the oldest failure is 15 minutes old; a successful login clears the count.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(400, 401, 429)
  login(
    @Body() body: LoginDto,
    @CorrelationId() correlationId: string,
  ): Promise<TokenPairResponse> {
    return this.commandBus.execute(
      new LogIn(body.email, body.password, requestContext(correlationId, null)),
    );
  }
}
