import { Body, Controller, HttpCode, Inject, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { RenameUserDto } from './rename-user.dto';

@ApiTags('users')
@Controller('users/me')
export class RenameUserController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Patch()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Change your display name' })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 404)
  async renameUser(
    @Body() body: RenameUserDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const outcome = await this.runner.run(
      userDecider,
      userStream(userId),
      { type: 'RenameUser', data: { userId, name: body.name, now: context.now } },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
