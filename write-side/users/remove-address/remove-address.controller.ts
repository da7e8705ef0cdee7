import { Controller, Delete, HttpCode, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';

@ApiTags('users')
@Controller('users/me/addresses')
export class RemoveAddressController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

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
    const outcome = await this.commandBus.execute(
      decision(
        userDecider,
        userStream(userId),
        { type: 'RemoveAddress', data: { userId, addressId, now: context.now } },
        context,
      ),
    );
    return { position: positionOf(outcome) };
  }
}
