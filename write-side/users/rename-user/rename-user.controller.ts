import { Body, Controller, HttpCode, Inject, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { RenameUserDto } from './rename-user.dto';

@ApiTags('users')
@Controller('users/me')
export class RenameUserController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Patch()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Change your display name' })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 404)
  async rename(
    @Body() body: RenameUserDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const outcome = await this.commandBus.execute(
      decision(
        userDecider,
        userStream(userId),
        { type: 'RenameUser', data: { userId, name: body.name, now: context.now } },
        context,
      ),
    );
    return { position: positionOf(outcome) };
  }
}
