import { Controller, Delete, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';

@ApiTags('users')
@Controller('users/me/addresses')
export class RemoveAddressController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  /** Orders already placed keep their copy of the address; only new orders cannot use it. */
  @Delete(':addressId')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Remove one of your addresses' })
  @ApiParam({
    name: 'addressId',
    format: 'uuid',
    description: 'The addressId returned when it was added; any other value is 404.',
  })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(401, 404)
  async removeAddress(
    @Param('addressId') addressId: string,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const outcome = await this.runner.run(
      userDecider,
      userStream(userId),
      { type: 'RemoveAddress', data: { userId, addressId, now: context.now } },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
